#!/usr/bin/env python3
"""Generate the Roster built-in role catalogue from the Code42 roles reference.

Usage:
    python3 tools/roles/extract_roles.py <002-roles-reference.txt> <builtin-roles.json>

Parses every role section of shared/seeds/002-roles-reference.txt (name line,
optional plan-note line, description paragraph(s), "Limitations" bullets,
"Scope of permissions" bullet, "Permissions Description" table), appends the
hand-written SYSADMIN role, derives "assign in conjunction with" companion
requirements, and writes deterministic JSON (2-space indent, trailing newline).

stdlib only. The script fails loudly (SystemExit with a message) on anything
it does not understand instead of guessing silently.
"""

import json
import re
import sys

SOURCE = "shared/seeds/002-roles-reference.txt (+ 000, 004 for SYSADMIN)"

# ---------------------------------------------------------------------------
# SYSADMIN is not part of 002. It is described in:
#   - shared/seeds/000-code42-user-management-guide.txt ("System Admin": full
#     administrative access; "should be assigned only to trusted administrators")
#   - shared/seeds/004-custom-roles-best-practices.txt ("Be careful with
#     SYSADMIN": contains the `admin` permission; read and write all information
#     for all users, organizations, and settings; grant or remove all
#     permissions, including SYSADMIN; "Grant with caution!"; admin does not
#     include all other permissions, e.g. no admin restores for other users).
# ---------------------------------------------------------------------------
SYSADMIN_ROLE = {
    "id": "sysadmin",
    "name": "System Admin",
    "description": (
        "Default role for the local administrator account, with \"root-level\" "
        "access. People with this role can read and write all information for all "
        "users, organizations, and settings, and can grant or revoke the SYSADMIN "
        "role (and all other permissions) for any user, including themselves. "
        "Grant with caution! The admin permission does not include all other "
        "permissions; for example, it cannot perform admin restores for other users."
    ),
    "planNote": None,
    "limitations": [
        "Does not include all other permissions; for example, cannot perform admin restores for other users.",
    ],
    "scope": "ALL_ORGANIZATIONS",
    "permissions": ["admin"],
    "companions": [],
}
SYSADMIN_PERMISSIONS = {
    # Drawn from 004 ("Be careful with SYSADMIN").
    "admin": (
        "Root-level permission held by the SYSADMIN role: read and write all "
        "information for all users, organizations, and settings, and grant or "
        "remove all permissions for all users, including themselves and other "
        "SYSADMIN users."
    ),
}

SCOPES = {
    "Assigned user.": "ASSIGNED_USER",
    "The user's organization and its child organizations.": "ORGANIZATION_AND_CHILDREN",
    "All organizations.": "ALL_ORGANIZATIONS",
}

# Roles whose seed scope text is not one of the three canonical sentences.
# Each entry pins the exact bullets seen in the seed (tuple, in order), so if
# the seed changes the script fails instead of silently keeping a stale value.
SCOPE_OVERRIDES = {
    # 002 gives no Limitations / Scope section at all for this role. Its sibling
    # Incydr roles (Insider Risk Admin, Insider Risk Read Only, Insider Risk
    # Respond) are all "All organizations.", and the role carries the same kind
    # of Incydr permissions, so ALL_ORGANIZATIONS is used.
    "Insider Risk Analyst": ((), "ALL_ORGANIZATIONS"),
    # Two bullets: "Used solely by APIs." / "Allows access to archives for all
    # organizations." -> the organizational reach is all organizations.
    "Manifest Viewer": (
        ("Used solely by APIs.", "Allows access to archives for all organizations."),
        "ALL_ORGANIZATIONS",
    ),
    # The scope bullet says "All organizations." but the role's own text contradicts it ("modify device settings
    # in their organization", limitation "Cannot modify settings of devices in other organizations") and its
    # permissions are the organization ones (computer.update, user.read), where its cross-organization twin uses
    # crossorg_*. A permission catalogue fails closed: the narrower reading wins.
    "Org Computer Modify": (("All organizations.",), "ORGANIZATION_AND_CHILDREN"),
}

# Permissions whose description differs between roles in 002, with the chosen
# text. fileforensics.restore: Customer Cloud Admin says "...from within
# Security Center." (an older product name) while Security Center - Restore and
# Security Center - Restore - Endpoint say "...from within the Code42 console.";
# the majority / current wording is used.
DESCRIPTION_CONFLICTS = {
    "fileforensics.restore": "Permission to download (restore) files from within the Code42 console.",
}

PERM_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)(?:\s+(.*))?$")
BULLET = "\u2022"
PLAN_NOTE_RE = re.compile(r"^[A-Z][A-Za-z0-9 ,]* only$")

TRIGGERS = ("in conjunction with", "must be assigned", "requires", "must also")


def die(msg):
    raise SystemExit("extract_roles.py: ERROR: " + msg)


def norm(s):
    """Normalize whitespace (incl. NBSP) to single spaces, trimmed."""
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------
def split_sections(lines):
    """Yield (name, body_lines, table_lines) for every role in the seed."""
    try:
        start = next(i for i, l in enumerate(lines) if norm(l) == "All roles")
    except StopIteration:
        die("'All roles' heading not found")
    i = start + 1
    # Skip the intro paragraph right after "All roles".
    while i < len(lines) and not norm(lines[i]):
        i += 1
    if not norm(lines[i]).startswith("Available roles vary"):
        die("unexpected intro paragraph after 'All roles': %r" % norm(lines[i]))
    i += 1

    sections = []
    n = len(lines)
    while True:
        while i < n and not norm(lines[i]):
            i += 1
        if i >= n:
            break
        name = norm(lines[i])
        i += 1
        body = []
        while i < n and norm(lines[i]) != "Permissions Description":
            body.append(lines[i])
            i += 1
        if i >= n:
            die("role %r has no 'Permissions Description' table" % name)
        i += 1  # skip table header
        table = []  # list of (id, description)
        while i < n:
            t = norm(lines[i])
            if not t:
                i += 1
                continue
            m = PERM_RE.match(t)
            if not m:
                break  # next role's name line
            pid, desc = m.group(1), m.group(2)
            i += 1
            if not desc:
                # Description on its own line (e.g. dataconnections.sharing.read).
                while i < n and not norm(lines[i]):
                    i += 1
                if i >= n or PERM_RE.match(norm(lines[i])):
                    die("permission %r in role %r has no description" % (pid, name))
                desc = norm(lines[i])
                i += 1
            table.append((pid, norm(desc)))
        sections.append((name, body, table))
    return sections


def parse_body(name, body):
    plan_note = None
    paragraphs = []  # description chunks
    limitations, scope_bullets = [], []
    section = None  # None | "limitations" | "scope"
    first_text_seen = False
    for raw in body:
        t = norm(raw)
        if not t:
            continue
        is_bullet = t.startswith(BULLET)
        text = norm(t.lstrip(BULLET)) if is_bullet else t
        if not first_text_seen:
            first_text_seen = True
            if not is_bullet and PLAN_NOTE_RE.match(text):
                plan_note = text
                continue
        if is_bullet and text == "Limitations":
            section = "limitations"
            continue
        if is_bullet and text == "Scope of permissions":
            section = "scope"
            continue
        if section == "limitations":
            if not is_bullet:
                die("role %r: non-bullet text inside Limitations: %r" % (name, text))
            limitations.append(text)
        elif section == "scope":
            if not is_bullet:
                die("role %r: non-bullet text inside Scope: %r" % (name, text))
            scope_bullets.append(text)
        else:
            # Description paragraph or a bullet inside the description
            # (e.g. Security Center - Restore "Download files ...").
            paragraphs.append(text)
    description = norm(" ".join(paragraphs))
    if not description:
        die("role %r has an empty description" % name)

    if name in SCOPE_OVERRIDES:
        expected, scope = SCOPE_OVERRIDES[name]
        if tuple(scope_bullets) != expected:
            die("role %r: scope override expects %r but seed has %r"
                % (name, expected, scope_bullets))
    else:
        if len(scope_bullets) != 1 or scope_bullets[0] not in SCOPES:
            die("role %r: unrecognised scope text %r" % (name, scope_bullets))
        scope = SCOPES[scope_bullets[0]]
    return plan_note, paragraphs, description, limitations, scope


# ---------------------------------------------------------------------------
# Companion requirements
# ---------------------------------------------------------------------------
def sentences(text):
    # Split after . ! ? when followed by whitespace + capital letter / quote.
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"(])", text) if s.strip()]


def names_in(fragment, name_to_id):
    """Catalogue role names mentioned in fragment, longest match first."""
    found = []
    rest = fragment
    for name in sorted(name_to_id, key=len, reverse=True):
        pat = r"(?<![A-Za-z0-9-])" + re.escape(name) + r"(?![A-Za-z0-9]| - [A-Z])"
        if re.search(pat, rest):
            found.append(name_to_id[name])
            rest = re.sub(pat, " ", rest)
    return found


def console_roles(roles):
    return {r["id"] for r in roles if "console.login" in r["permissions"]}


# "an administrative role with organization and user access rights":
# a role qualifies when it holds an org-management permission with a write
# capability (org.* / crossorg_org.* with create, update_deactivate, all) AND a
# user-management permission with a write capability (user.* / crossorg_user.*
# with update, all, create), plus console.login so the holder can actually use
# the console. Read-only org/user rights (help desk, manager, security viewer
# roles) are deliberately excluded: they are not "administrative". In practice
# this yields the Org Admin / Cross Org Admin families and Customer Cloud Admin.
ORG_WRITE_RE = re.compile(r"^(?:org|crossorg_org)\.(?:create|update\w*|all)$")
USER_WRITE_RE = re.compile(r"^(?:user|crossorg_user)\.(?:update|all|create)$")


def org_user_admin_roles(roles):
    out = set()
    for r in roles:
        p = r["permissions"]
        if ("console.login" in p and any(ORG_WRITE_RE.match(x) for x in p)
                and any(USER_WRITE_RE.match(x) for x in p)):
            out.add(r["id"])
    return out


CONSOLE_RE = re.compile(r"in conjunction with a role that has access to the Code42 console, such as (.+)$")
ORG_USER_RE = re.compile(r"in conjunction with an administrative role with organization and user access rights such as (.+)$")
ADMIN_RE = re.compile(r"in conjunction with an administrative role such as (.+)$")
OPTIONAL_RE = re.compile(r"^To allow people with this role to add and deactivate (?:user )?devices, assign this role in conjunction with ")
NAMED_RE = re.compile(r"(?:must be assigned |^Assign )in conjunction with (?:the )?(.+)$")
# Sentences that contain a trigger word but do not express a companion
# requirement for the role itself (informational cross-references).
NOT_A_REQUIREMENT_RE = re.compile(r"which requires the .+ role|^\(The .+ role is required")


def derive_companions(roles):
    name_to_id = {r["name"]: r["id"] for r in roles}
    ids = set(name_to_id.values())
    consoles = console_roles(roles)
    org_user_admins = org_user_admin_roles(roles)
    for r in roles:
        comps = []
        for s in (x for para in r.pop("_paragraphs") for x in sentences(para)):
            low = s.lower()
            if not any(t in low for t in TRIGGERS):
                continue
            if OPTIONAL_RE.search(s):
                continue  # optional pairing: role works alone; not recorded
            if NOT_A_REQUIREMENT_RE.search(s):
                continue
            m = CONSOLE_RE.search(s)
            if m:
                named = names_in(m.group(1), name_to_id)
                if not named:
                    die("role %r: console requirement names no known role: %r" % (r["name"], s))
                any_of = consoles | set(named)
            elif ORG_USER_RE.search(s):
                named = names_in(ORG_USER_RE.search(s).group(1), name_to_id)
                if not named:
                    die("role %r: org/user requirement names no known role: %r" % (r["name"], s))
                any_of = org_user_admins | set(named)
            elif ADMIN_RE.search(s):
                fragment = ADMIN_RE.search(s).group(1)
                named = names_in(fragment, name_to_id)
                expected = len(re.split(r",\s*|\s+or\s+", fragment.rstrip(".")))
                if len(named) == expected:
                    any_of = set(named)
                else:
                    # A named example role is missing from the catalogue: fall
                    # back to every role that can log in to the console.
                    any_of = consoles | set(named)
            elif NAMED_RE.search(s):
                named = names_in(NAMED_RE.search(s).group(1), name_to_id)
                if not named:
                    die("role %r: requirement names no known role: %r" % (r["name"], s))
                any_of = set(named)
            else:
                die("role %r: unclassified requirement sentence: %r" % (r["name"], s))
            any_of.discard(r["id"])  # a role cannot be its own companion
            missing = any_of - ids
            assert not missing, "unknown companion ids %r for %r" % (missing, r["name"])
            comps.append({"anyOfRoles": sorted(any_of), "note": s})
        r["companions"] = comps


# ---------------------------------------------------------------------------
def main(argv):
    if len(argv) != 3:
        die("usage: extract_roles.py <002-roles-reference.txt> <out.json>")
    with open(argv[1], encoding="utf-8") as f:
        lines = f.read().splitlines()

    roles, perm_variants = [], {}
    for name, body, table in split_sections(lines):
        plan_note, paragraphs, description, limitations, scope = parse_body(name, body)
        perms = []
        for pid, desc in table:
            if re.search(r"\s", pid):
                die("permission id with whitespace: %r" % pid)
            if pid not in perms:
                perms.append(pid)
            perm_variants.setdefault(pid, [])
            if desc not in perm_variants[pid]:
                perm_variants[pid].append(desc)
        if not perms:
            die("role %r has no permissions" % name)
        roles.append({
            "id": slug(name),
            "name": name,
            "description": description,
            "planNote": plan_note,
            "limitations": limitations,
            "scope": scope,
            "permissions": perms,
            "companions": [],
            # Temporary: source paragraphs, so that requirement sentences are
            # split per paragraph (some paragraphs lack a final period, e.g.
            # Audit Log Viewer). Removed before writing.
            "_paragraphs": paragraphs,
        })

    perm_desc = {}
    for pid, variants in perm_variants.items():
        if pid in DESCRIPTION_CONFLICTS:
            chosen = DESCRIPTION_CONFLICTS[pid]
            if chosen not in variants or len(variants) < 2:
                die("stale DESCRIPTION_CONFLICTS entry for %r: seed has %r" % (pid, variants))
        elif len({v.rstrip(".") for v in variants}) > 1:
            die("permission %r has conflicting descriptions: %r" % (pid, variants))
        else:
            # Only trailing-period differences: prefer the variant with a period.
            chosen = max(variants, key=lambda v: v.endswith("."))
        perm_desc[pid] = chosen

    derive_companions(roles)  # seed roles only; SYSADMIN has no companions
    roles.append(dict(SYSADMIN_ROLE))
    for pid, desc in SYSADMIN_PERMISSIONS.items():
        assert pid not in perm_desc, pid
        perm_desc[pid] = desc

    ids = [r["id"] for r in roles]
    assert len(ids) == len(set(ids)), "duplicate role ids"
    all_ids = set(ids)
    for r in roles:
        assert r["scope"] in SCOPES.values(), r
        assert r["permissions"], r
        for c in r["companions"]:
            assert c["anyOfRoles"], r["name"]
            assert set(c["anyOfRoles"]) <= all_ids, (r["name"], c)

    out = {
        "source": SOURCE,
        "roles": roles,
        "permissions": [{"id": k, "description": perm_desc[k]} for k in sorted(perm_desc)],
    }
    with open(argv[2], "w", encoding="utf-8", newline="\n") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")

    # Summary table on stdout.
    w = max(len(r["name"]) for r in roles)
    wi = max(len(r["id"]) for r in roles)
    print("%-*s  %-*s  %-25s %5s  %s" % (w, "name", wi, "id", "scope", "perms", "companions"))
    for r in roles:
        comp = "; ".join(
            (",".join(c["anyOfRoles"]) if len(c["anyOfRoles"]) <= 3
             else "%d roles incl. %s" % (len(c["anyOfRoles"]), c["anyOfRoles"][0]))
            for c in r["companions"]) or "-"
        print("%-*s  %-*s  %-25s %5d  %s" % (w, r["name"], wi, r["id"], r["scope"],
                                              len(r["permissions"]), comp))
    print("roles: %d, distinct permissions: %d" % (len(roles), len(perm_desc)))


if __name__ == "__main__":
    main(sys.argv)

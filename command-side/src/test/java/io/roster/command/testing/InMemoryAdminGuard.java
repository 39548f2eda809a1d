package io.roster.command.testing;

import io.roster.command.access.AdminGuard;
import io.roster.command.common.Refusal;

import java.util.HashSet;
import java.util.Set;

/** Active Customer Cloud Admins by principal id; refuses like JdbcAdminGuard when no other one remains. */
public class InMemoryAdminGuard implements AdminGuard {

    private final Set<String> activeAdmins = new HashSet<>();

    public InMemoryAdminGuard withActiveAdmin(String principalId) {
        activeAdmins.add(principalId);
        return this;
    }

    public void onlyActiveAdmin(String principalId) {
        activeAdmins.clear();
        activeAdmins.add(principalId);
    }

    @Override
    public void requireAnotherActiveAdmin(String principalId) {
        if (activeAdmins.stream().noneMatch(admin -> !admin.equals(principalId))) {
            throw Refusal.conflict("last-admin", principalId + " is the last active Customer Cloud Admin");
        }
    }
}

-- One organization tree: org_registry holds each organization's materialized path, '/<root id>/<child id>/.../',
-- kept in the command's transaction; subtrees are path prefixes, so nothing walks parent links any more.
-- Byte order ("C") makes a subtree one contiguous range of the index: the paths starting with 'X/' are exactly
-- those >= 'X/' and < 'X0' ('0' follows '/'), a range a plain btree answers with bound parameters too.
-- (ltree would need hyphen-free labels on PostgreSQL 15, and organization ids are UUIDs.)
ALTER TABLE org_registry ADD COLUMN path TEXT COLLATE "C";

WITH RECURSIVE tree(organization_id, path) AS (
    SELECT organization_id, '/' || organization_id || '/' FROM org_registry WHERE parent_id IS NULL
    UNION ALL
    SELECT o.organization_id, t.path || o.organization_id || '/'
    FROM org_registry o JOIN tree t ON o.parent_id = t.organization_id)
UPDATE org_registry o SET path = tree.path FROM tree WHERE tree.organization_id = o.organization_id;

ALTER TABLE org_registry ALTER COLUMN path SET NOT NULL;
CREATE UNIQUE INDEX org_registry_path ON org_registry (path);

-- the retention timers asked the tree for ancestors; their own copy of the parent links goes
ALTER TABLE retention_org DROP COLUMN parent_id;

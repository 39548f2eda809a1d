-- A child created while its parent moved could keep the parent's old path (the move's one UPDATE did not see it):
-- the old ancestors' scope still reached it. Creates now hold moves off; this puts every path back on the parent
-- links, which were right all along. Each path ends with its own id, so no two rows swap paths on the way.
WITH RECURSIVE tree(organization_id, path) AS (
    SELECT organization_id, CAST('/' || organization_id || '/' AS TEXT) COLLATE "C" FROM org_registry WHERE parent_id IS NULL
    UNION ALL
    SELECT o.organization_id, t.path || o.organization_id || '/'
    FROM org_registry o JOIN tree t ON o.parent_id = t.organization_id)
UPDATE org_registry o SET path = tree.path FROM tree
WHERE tree.organization_id = o.organization_id AND o.path <> tree.path;

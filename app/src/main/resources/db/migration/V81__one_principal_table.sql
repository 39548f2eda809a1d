-- One table for what the command side knows about principals: security_principal takes over user_registry's
-- tombstones (a deleted person's row stays, inactive, without roles, so the organization they sat in still decides
-- who may read their history), and user_registry goes.
ALTER TABLE security_principal ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT false;

-- deleted people: security_principal dropped their rows, user_registry kept them
INSERT INTO security_principal (principal_id, kind, login, organization_id, active, roles, deleted)
SELECT u.user_id, u.user_type, NULL, u.organization_id, u.active AND NOT u.deleted, '{}', u.deleted
FROM user_registry u
WHERE NOT EXISTS (SELECT 1 FROM security_principal p WHERE p.principal_id = u.user_id);

-- where both know a person, the registry's lifecycle is the truth for where they sit and whether they are deleted
UPDATE security_principal p SET organization_id = u.organization_id, deleted = u.deleted
FROM user_registry u
WHERE u.user_id = p.principal_id AND (p.organization_id <> u.organization_id OR p.deleted <> u.deleted);

DROP TABLE user_registry;

CREATE INDEX security_principal_active_org ON security_principal (organization_id) WHERE active;
CREATE INDEX security_principal_seats ON security_principal (organization_id) WHERE active AND kind = 'USER';

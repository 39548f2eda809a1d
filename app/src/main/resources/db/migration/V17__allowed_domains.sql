-- Allowed username domains (issue #8), kept on the root organization's registry row by the in-transaction
-- lookups, read (FOR SHARE) by every command that creates or renames a user.
ALTER TABLE org_registry ADD COLUMN allowed_domains TEXT[] NOT NULL DEFAULT '{}';

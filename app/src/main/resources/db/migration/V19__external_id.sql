-- SCIM externalId (issue #8): the identity provider's id for a user, looked up by SCIM filters.
ALTER TABLE user_list ADD COLUMN external_id TEXT;
CREATE INDEX user_list_external_id ON user_list (external_id) WHERE external_id IS NOT NULL;

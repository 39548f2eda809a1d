-- A deleted user keeps a tombstone row (no personal data: ids only) so that access to what remains of them (their
-- history) is judged by the organization they sat in when deleted, instead of being open to every scoped caller.
ALTER TABLE user_registry ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT false;

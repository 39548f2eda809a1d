-- A mail that names another person (Support Access changed by ...) keeps that person's id, not their address; the
-- sender puts in the address when the mail goes out, or the id once the person is deleted.
ALTER TABLE mail_outbox ADD COLUMN mentioned_user_id VARCHAR(64);

-- Whether the person has set a password (accepted the invitation): admins see pending invitations.
ALTER TABLE user_list ADD COLUMN activated BOOLEAN NOT NULL DEFAULT false;

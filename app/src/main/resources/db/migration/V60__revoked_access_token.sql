-- Access tokens revoked before they expired, by their id (jti): a JWT is checked by signature and time only, so
-- every request also asks this table (in the same read as its principal) whether its token was revoked. Rows are
-- useless once the token has expired and are cleaned up after that.
CREATE TABLE IF NOT EXISTS revoked_access_token (
    token_id   VARCHAR(100) PRIMARY KEY,
    expires_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX IF NOT EXISTS revoked_access_token_expires ON revoked_access_token (expires_at);

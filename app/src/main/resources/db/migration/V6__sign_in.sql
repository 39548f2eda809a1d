-- People sign in (issue #4): one-time links, password hashes, the e-mail outbox, sign-in records, and the
-- HTTP sessions of the login page (shared by all nodes through Spring Session JDBC).

-- Invitation and reset links: only the SHA-256 of the random token is stored.
CREATE TABLE activation_token (
    token_hash VARCHAR(64) PRIMARY KEY,
    user_id    VARCHAR(64) NOT NULL,
    purpose    VARCHAR(20) NOT NULL,          -- INVITATION, RESET
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX activation_token_user ON activation_token (user_id) WHERE used_at IS NULL;

-- Password hashes (DelegatingPasswordEncoder, bcrypt), never in the event store.
CREATE TABLE user_credential (
    user_id       VARCHAR(64) PRIMARY KEY,
    password_hash TEXT        NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- E-mails to send. A row per (event, purpose); the sender retries until sent, then forgets the body.
CREATE TABLE mail_outbox (
    id              BIGSERIAL PRIMARY KEY,
    dedup_key       VARCHAR(200) NOT NULL UNIQUE,
    user_id         VARCHAR(64),
    recipient       TEXT,
    subject         TEXT        NOT NULL,
    body            TEXT,
    status          VARCHAR(20) NOT NULL,     -- PENDING, SENT, FAILED
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'PENDING';

-- Sign-ins and failed sign-ins (feed the audit log and last activity). No username: its keyed hash.
CREATE TABLE sign_in (
    id            BIGSERIAL PRIMARY KEY,
    principal_id  VARCHAR(64),
    username_hash VARCHAR(64),
    success       BOOLEAN     NOT NULL,
    at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    source_ip     VARCHAR(64),
    failure       VARCHAR(100)
);
CREATE INDEX sign_in_principal ON sign_in (principal_id, at);

CREATE TABLE SPRING_SESSION (
	PRIMARY_ID CHAR(36) NOT NULL,
	SESSION_ID CHAR(36) NOT NULL,
	CREATION_TIME BIGINT NOT NULL,
	LAST_ACCESS_TIME BIGINT NOT NULL,
	MAX_INACTIVE_INTERVAL INT NOT NULL,
	EXPIRY_TIME BIGINT NOT NULL,
	PRINCIPAL_NAME VARCHAR(100),
	CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);

CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);

CREATE TABLE SPRING_SESSION_ATTRIBUTES (
	SESSION_PRIMARY_ID CHAR(36) NOT NULL,
	ATTRIBUTE_NAME VARCHAR(200) NOT NULL,
	ATTRIBUTE_BYTES BYTEA NOT NULL,
	CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
	CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID) REFERENCES SPRING_SESSION(PRIMARY_ID) ON DELETE CASCADE
);

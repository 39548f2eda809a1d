-- The audit log (issue #5): every event and every sign-in, shaped for filters by actor type, actor, target,
-- organization, event type and time; newest first. No personal data is stored here: names and usernames are
-- looked up when read, so a deleted person shows as a pseudonym.
CREATE TABLE audit_log (
    id                     BIGSERIAL PRIMARY KEY,
    event_id               VARCHAR(255) UNIQUE,
    source                 VARCHAR(10)  NOT NULL,   -- EVENT (rebuildable from the event store) or SIGN_IN
    occurred_at            TIMESTAMPTZ  NOT NULL,
    event_type             VARCHAR(100) NOT NULL,
    summary                TEXT         NOT NULL,
    actor_id               VARCHAR(64),
    actor_type             VARCHAR(20)  NOT NULL,
    actor_login            VARCHAR(255),             -- API clients' client id; never a person's username
    target_type            VARCHAR(20),
    target_id              VARCHAR(64),
    target_organization_id VARCHAR(64),
    changes                JSONB,
    request_id             VARCHAR(128),
    source_ip              VARCHAR(64)
);
CREATE INDEX audit_log_newest ON audit_log (occurred_at DESC, id DESC);
CREATE INDEX audit_log_actor_type ON audit_log (actor_type, occurred_at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, occurred_at DESC, id DESC);
CREATE INDEX audit_log_target ON audit_log (target_id, occurred_at DESC, id DESC);
CREATE INDEX audit_log_organization ON audit_log (target_organization_id, occurred_at DESC, id DESC);
CREATE INDEX audit_log_event_type ON audit_log (event_type, occurred_at DESC, id DESC);

-- The audit projection's own memory of which organization each user is in (rebuildable with it).
CREATE TABLE audit_user_organization (
    user_id         VARCHAR(64) PRIMARY KEY,
    organization_id VARCHAR(64) NOT NULL
);

-- Lifecycle webhooks (issue #7): subscriptions (kept in the command's transaction), their signing secrets
-- (encrypted by the master key), and the delivery outbox with every attempt.
CREATE TABLE webhook_subscription (
    subscription_id VARCHAR(64) PRIMARY KEY,
    url             TEXT        NOT NULL,
    event_types     TEXT[]      NOT NULL,
    description     TEXT,
    enabled         BOOLEAN     NOT NULL,
    disabled_reason TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE webhook_secret (
    id              BIGSERIAL PRIMARY KEY,
    subscription_id VARCHAR(64) NOT NULL,
    secret          BYTEA       NOT NULL,      -- the whsec_ secret, wrapped by the master key
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ                -- set when a newer secret replaces it (24-hour overlap)
);
CREATE INDEX webhook_secret_subscription ON webhook_secret (subscription_id);

CREATE TABLE webhook_delivery (
    id              BIGSERIAL PRIMARY KEY,
    subscription_id VARCHAR(64) NOT NULL,
    message_id      VARCHAR(100) NOT NULL,     -- webhook-id: stable for one event and one subscription
    event_type      VARCHAR(64) NOT NULL,
    payload         TEXT        NOT NULL,
    status          VARCHAR(20) NOT NULL,      -- PENDING, SUCCEEDED, DEAD
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_until   TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    UNIQUE (subscription_id, message_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_subscription ON webhook_delivery (subscription_id, id DESC);

CREATE TABLE webhook_attempt (
    id           BIGSERIAL PRIMARY KEY,
    delivery_id  BIGINT      NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    status_code  INT,
    latency_ms   INT,
    response     TEXT,                         -- the first 1 KB of the answer, or the error
    error        TEXT
);
CREATE INDEX webhook_attempt_delivery ON webhook_attempt (delivery_id, id);

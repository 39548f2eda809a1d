-- Command-side lookups, written in the command's transaction (set-based rules across aggregates).

-- Usernames are unique case-insensitively; the key is an HMAC of the lower-cased username, so no personal
-- data sits here.
CREATE TABLE username_claim (
    username_hash VARCHAR(64) PRIMARY KEY,
    user_id       VARCHAR(64) NOT NULL
);
CREATE INDEX username_claim_user ON username_claim (user_id);

CREATE TABLE org_registry (
    organization_id VARCHAR(64) PRIMARY KEY,
    parent_id       VARCHAR(64),
    active          BOOLEAN NOT NULL,
    root            BOOLEAN NOT NULL
);
CREATE INDEX org_registry_parent ON org_registry (parent_id) WHERE active;

CREATE TABLE user_registry (
    user_id         VARCHAR(64) PRIMARY KEY,
    organization_id VARCHAR(64) NOT NULL,
    active          BOOLEAN NOT NULL
);
CREATE INDEX user_registry_active_org ON user_registry (organization_id) WHERE active;

-- Crypto-shredding: each data subject's AES-256 key, wrapped (AES-GCM) by the master key.
CREATE TABLE subject_key (
    subject_id  VARCHAR(64) PRIMARY KEY,
    wrapped_key BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

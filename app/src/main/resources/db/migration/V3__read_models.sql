-- Read models (query side). Each is owned by one processing group and rebuildable by replay.

CREATE TABLE user_list (
    user_id         VARCHAR(64) PRIMARY KEY,
    username        TEXT,
    username_lower  TEXT,
    first_name      TEXT,
    last_name       TEXT,
    organization_id VARCHAR(64) NOT NULL,
    user_type       VARCHAR(20) NOT NULL,
    status          VARCHAR(20) NOT NULL,
    roles           TEXT[]      NOT NULL DEFAULT '{}',
    search          TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT      NOT NULL
);
CREATE INDEX user_list_page ON user_list (created_at, user_id);
CREATE INDEX user_list_org_page ON user_list (organization_id, created_at, user_id);
CREATE INDEX user_list_status_page ON user_list (status, created_at, user_id);
CREATE INDEX user_list_type_page ON user_list (user_type, created_at, user_id);
CREATE INDEX user_list_roles ON user_list USING gin (roles);
CREATE INDEX user_list_username ON user_list (username_lower);

CREATE TABLE organization_list (
    organization_id VARCHAR(64) PRIMARY KEY,
    name            TEXT        NOT NULL,
    parent_id       VARCHAR(64),
    root            BOOLEAN     NOT NULL,
    status          VARCHAR(20) NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT      NOT NULL
);
CREATE INDEX organization_list_parent ON organization_list (parent_id, name);
CREATE INDEX organization_list_page ON organization_list (created_at, organization_id);

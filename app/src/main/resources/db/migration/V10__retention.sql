-- Retention of deactivated users (issue #5): support users after ROSTER_SUPPORT_USER_RETENTION, regular users
-- where their organization (or an ancestor) has a policy. Timers are data, rebuilt from events by replay.
ALTER TABLE organization_list ADD COLUMN deactivated_user_retention TEXT;

CREATE TABLE retention_org (
    organization_id VARCHAR(64) PRIMARY KEY,
    parent_id       VARCHAR(64),
    retention       TEXT                      -- ISO-8601 duration, or null (inherit)
);

CREATE TABLE retention_user (
    user_id         VARCHAR(64) PRIMARY KEY,
    organization_id VARCHAR(64) NOT NULL,
    user_type       VARCHAR(20) NOT NULL,
    deactivated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE deletion_timer (
    user_id       VARCHAR(64) PRIMARY KEY,
    due_at        TIMESTAMPTZ NOT NULL,
    reason        TEXT        NOT NULL,
    claimed_until TIMESTAMPTZ
);
CREATE INDEX deletion_timer_due ON deletion_timer (due_at);

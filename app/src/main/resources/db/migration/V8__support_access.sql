-- Support Access (issue #5, seed 003): the environment-wide switch lives on the root organization's row.
ALTER TABLE org_registry ADD COLUMN support_access BOOLEAN NOT NULL DEFAULT false;

-- Query side: the switch as GET /api/v1/support-access shows it.
CREATE TABLE support_access_view (
    organization_id VARCHAR(64) PRIMARY KEY,
    enabled         BOOLEAN     NOT NULL,
    changed_at      TIMESTAMPTZ,
    changed_by_id   VARCHAR(64),
    changed_by_type VARCHAR(20),
    changed_by_login VARCHAR(255),
    version         BIGINT      NOT NULL
);

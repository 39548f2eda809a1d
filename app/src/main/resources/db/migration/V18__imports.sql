-- CSV imports (issue #8): a job per uploaded file and a row per line. Any node works on any job: rows are claimed
-- in small chunks (a claim older than two minutes is a dead node's and is taken over). A row's fields are kept
-- only until it is done, then cleared (they are personal data; the users themselves are in the event store).
CREATE TABLE import_job (
    id              VARCHAR(64) PRIMARY KEY,
    mode            VARCHAR(10)  NOT NULL,           -- create, upsert
    action          VARCHAR(12),                     -- deactivate, reactivate (for every row), or null
    state           VARCHAR(20)  NOT NULL,           -- RUNNING, DONE
    total           INT          NOT NULL,
    actor_id        VARCHAR(255) NOT NULL,
    actor_type      VARCHAR(32)  NOT NULL,
    actor_username  VARCHAR(255),
    request_id      VARCHAR(255),
    source_ip       VARCHAR(64),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ
);

CREATE TABLE import_row (
    job_id          VARCHAR(64)  NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
    row_number      INT          NOT NULL,
    username        TEXT,
    fields          JSONB,                           -- the validated row, until it is done
    status          VARCHAR(12)  NOT NULL,           -- PENDING, CLAIMED, CREATED, UPDATED, UNCHANGED, FAILED
    reason          TEXT,
    user_id         VARCHAR(64),
    claimed_at      TIMESTAMPTZ,
    PRIMARY KEY (job_id, row_number)
);
CREATE INDEX import_row_open ON import_row (job_id, row_number) WHERE status IN ('PENDING', 'CLAIMED');
CREATE INDEX import_job_running ON import_job (created_at) WHERE state = 'RUNNING';

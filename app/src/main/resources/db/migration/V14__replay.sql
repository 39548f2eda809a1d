-- Replays (issue #6): a read model is rebuilt into fresh tables in a schema of its own while the live one keeps
-- answering, then swapped in with one transaction. Progress is shared by all nodes.
CREATE TABLE replay_job (
    id           VARCHAR(64) PRIMARY KEY,
    processor    VARCHAR(100) NOT NULL,
    state        VARCHAR(20)  NOT NULL,   -- RUNNING, SWAPPING, DONE, FAILED
    total        BIGINT       NOT NULL,
    processed    BIGINT       NOT NULL DEFAULT 0,
    position     BIGINT,
    started_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    error        TEXT
);
-- at most one replay of a read model at a time, across nodes
CREATE UNIQUE INDEX replay_job_running ON replay_job (processor) WHERE state IN ('RUNNING', 'SWAPPING');

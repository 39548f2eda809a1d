-- Seats (issue #6): the license and organization limits on the command side (checked in the command's
-- transaction), last activity (not events), and the seat-usage read model with its history of changes.
ALTER TABLE org_registry ADD COLUMN licensed_seats INT;
ALTER TABLE org_registry ADD COLUMN seat_limit INT;
ALTER TABLE user_registry ADD COLUMN user_type VARCHAR(20) NOT NULL DEFAULT 'USER';
CREATE INDEX user_registry_seats ON user_registry (organization_id) WHERE active AND user_type = 'USER';

-- Last activity: sign-ins and activity other systems report. High-frequency, so not events.
CREATE TABLE user_activity (
    user_id          VARCHAR(64) PRIMARY KEY,
    last_activity_at TIMESTAMPTZ NOT NULL,
    last_kind        VARCHAR(30) NOT NULL,
    last_source      VARCHAR(100)
);

-- Read model "seat-usage".
CREATE TABLE seat_license_view (
    organization_id     VARCHAR(64) PRIMARY KEY,
    seats               INT,
    price_per_seat_year NUMERIC(12, 2),
    currency            VARCHAR(3)
);
CREATE TABLE seat_org_limit (
    organization_id VARCHAR(64) PRIMARY KEY,
    seat_limit      INT
);
CREATE TABLE seat_holder (
    user_id         VARCHAR(64) PRIMARY KEY,
    organization_id VARCHAR(64) NOT NULL,
    since           TIMESTAMPTZ NOT NULL
);
CREATE INDEX seat_holder_organization ON seat_holder (organization_id);
CREATE TABLE seat_change (
    event_id        VARCHAR(255) PRIMARY KEY,
    at              TIMESTAMPTZ NOT NULL,
    organization_id VARCHAR(64) NOT NULL,
    delta           INT         NOT NULL
);
CREATE INDEX seat_change_at ON seat_change (at);

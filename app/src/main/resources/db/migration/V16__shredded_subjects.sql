-- Crypto-shredding tombstones: once a person's key is destroyed, no key is ever made for them again (a late
-- aggregate snapshot, say, must not re-encrypt their data under a fresh key that would survive the deletion).
CREATE TABLE subject_shredded (
    subject_id  VARCHAR(255) PRIMARY KEY,
    shredded_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

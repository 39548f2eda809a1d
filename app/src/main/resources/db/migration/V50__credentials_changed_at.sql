-- When a principal's secret or password last changed: bearer tokens issued before it are refused, so rotating an
-- API client's secret (or a person setting a new password) cuts every token issued with the old one at once.
-- Null: never changed since the principal was created.
ALTER TABLE security_principal ADD COLUMN IF NOT EXISTS credentials_changed_at TIMESTAMPTZ;

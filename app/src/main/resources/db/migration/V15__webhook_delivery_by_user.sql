-- Deleting a person strips their fields from webhook payloads in the command's transaction
-- (PersonalDataEraser); without this index every deletion parsed every delivery row.
CREATE INDEX webhook_delivery_user ON webhook_delivery (((payload::jsonb -> 'data') ->> 'userId'));

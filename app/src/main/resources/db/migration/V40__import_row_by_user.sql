-- Deleting a person strips their username from import results in the command's transaction (ImportRowEraser);
-- without this index every deletion would read every import row ever kept.
CREATE INDEX import_row_user ON import_row (user_id) WHERE user_id IS NOT NULL;

-- Every event processor now runs in the command's own transaction: none keeps a position in the token store.
DROP TABLE IF EXISTS tokenentry;

-- How long a rebuild's swap held the read model's writers back (the events committed during the load are applied
-- under that lock, then the tables are swapped).
ALTER TABLE replay_job ADD COLUMN swap_stall_millis bigint;

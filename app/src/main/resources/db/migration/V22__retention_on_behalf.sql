-- A deletion by an organization's retention policy is its author's deletion, judged by privilege containment when it
-- fires: an organization admin must not get a Customer Cloud Admin deleted by setting a short policy above them.
ALTER TABLE retention_org ADD COLUMN set_by_id VARCHAR(255);
ALTER TABLE retention_org ADD COLUMN set_by_type VARCHAR(32);
ALTER TABLE deletion_timer ADD COLUMN on_behalf_of_id VARCHAR(255);
ALTER TABLE deletion_timer ADD COLUMN on_behalf_of_type VARCHAR(32);
-- policies set before this knew no author: rebuild the timers from the events (the tracking processor starts over)
TRUNCATE retention_org, retention_user, deletion_timer;
DELETE FROM tokenentry WHERE processorname = 'deletion-timers';

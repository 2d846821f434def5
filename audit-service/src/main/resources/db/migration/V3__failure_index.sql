-- "What failed for this principal, newest first" is the question asked most after an alert:
-- without this index it scans every event of the principal to find the few failures.
CREATE INDEX ix_audit_event_principal_outcome ON audit_event (principal, outcome, event_time DESC, id DESC);

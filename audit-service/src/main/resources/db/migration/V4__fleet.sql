-- Failed and denied auth per scope (a principal, or * for all) and counting window, added to by
-- every replica as it ingests: the spike detector's counts and baseline are the fleet's, and
-- outlive restarts. Rows older than the baseline are pruned.
CREATE TABLE failure_count (
    scope         VARCHAR(256) NOT NULL,
    window_index  BIGINT       NOT NULL,
    event_count   BIGINT       NOT NULL,
    PRIMARY KEY (scope, window_index)
);

-- An alert fires once for the fleet: the replica whose insert succeeds sends it. Alerts recorded
-- twice before this (two replicas, or a restart within a window) keep their first record.
DELETE FROM audit_alert a
 WHERE EXISTS (SELECT 1 FROM audit_alert b
                WHERE b.kind = a.kind AND b.scope = a.scope AND b.window_start = a.window_start
                  AND (b.fired_at < a.fired_at OR (b.fired_at = a.fired_at AND b.id < a.id)));
CREATE UNIQUE INDEX ux_audit_alert_once ON audit_alert (kind, scope, window_start);

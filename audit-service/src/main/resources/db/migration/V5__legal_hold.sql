-- Legal holds: while any is active (not released), retention deletes nothing, on every replica
-- (it reads this table at each run). Set and released through the API, by an audit admin; rows
-- are never deleted, so the history of holds is kept.
CREATE TABLE legal_hold (
    id           VARCHAR(36)              NOT NULL PRIMARY KEY,
    reason       VARCHAR(1024)            NOT NULL,
    set_by       VARCHAR(256)             NOT NULL,
    set_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    released_by  VARCHAR(256),
    released_at  TIMESTAMP WITH TIME ZONE
);

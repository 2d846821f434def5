-- Where each chain starts once retention has deleted its oldest links: the last deleted link.
-- Signed checkpoints carry the same bases, so an unsigned change to this table is detected.
CREATE TABLE audit_chain_base (
    chain_id    VARCHAR(64)              NOT NULL PRIMARY KEY,
    seq         BIGINT                   NOT NULL,
    hash        CHAR(64)                 NOT NULL,
    cut_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

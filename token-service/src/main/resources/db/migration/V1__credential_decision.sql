-- What administrators (and the key directory) decided about credentials, in the order decided.
-- Every replica applies each decision; the latest per account is the account's state. Only the
-- latest key decision of an account keeps its sealed key: a replaced private key is wiped.
CREATE TABLE credential_decision (
  version BIGSERIAL PRIMARY KEY,
  account TEXT NOT NULL,
  action TEXT NOT NULL,
  key_id TEXT,
  retired_key_id TEXT,
  sealed_key BYTEA,
  sealing_key_id TEXT,
  key_created TIMESTAMPTZ,
  decided_by TEXT NOT NULL,
  decided_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX credential_decision_by_account ON credential_decision (account, version DESC);

-- Keys rotated away or revoked: never loaded again, from a file or otherwise.
CREATE TABLE retired_key (
  key_id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  retired_at TIMESTAMPTZ NOT NULL
);

-- Keys already warned about for their age: one warning per key for the whole fleet.
CREATE TABLE key_age_warning (
  key_id TEXT PRIMARY KEY,
  warned_at TIMESTAMPTZ NOT NULL
);

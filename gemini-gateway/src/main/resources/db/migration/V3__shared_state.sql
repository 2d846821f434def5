-- Upstream API keys as every replica sees them. A configured key (its value is in configuration)
-- has a row only once its state differs from serving; a key added through the admin API has its
-- value sealed here (AES-256-GCM, gateway.fleet.sealing-key). A retired key keeps its row, without
-- its value, so that no replica and no restart brings it back.
CREATE TABLE upstream_key (
  upstream       VARCHAR(128) NOT NULL,
  name           VARCHAR(32)  NOT NULL,
  status         VARCHAR(32)  NOT NULL,
  sealed_value   BYTEA,
  sealing_key_id VARCHAR(16),
  changed_by     VARCHAR(256) NOT NULL,
  changed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (upstream, name)
);

-- Clients (teams) made through the admin API; clients in configuration are not stored here.
CREATE TABLE gateway_client (
  name                VARCHAR(128)  PRIMARY KEY,
  models              VARCHAR(4000) NOT NULL,
  requests_per_minute INTEGER       NOT NULL,
  max_concurrent      INTEGER       NOT NULL,
  daily_token_budget  BIGINT        NOT NULL,
  project_wide        BOOLEAN       NOT NULL,
  disabled            BOOLEAN       NOT NULL,
  changed_by          VARCHAR(256)  NOT NULL,
  changed_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

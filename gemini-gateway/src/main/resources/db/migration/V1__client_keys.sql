-- Client keys the gateway issued. Only the SHA-256 of a key is kept; the key is shown once.
CREATE TABLE client_key (
  id          VARCHAR(32)  PRIMARY KEY,
  client      VARCHAR(128) NOT NULL,
  key_hash    CHAR(64)     NOT NULL UNIQUE,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by  VARCHAR(256) NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE,
  revoked_at  TIMESTAMP WITH TIME ZONE,
  description VARCHAR(256)
);
CREATE INDEX client_key_client ON client_key (client);

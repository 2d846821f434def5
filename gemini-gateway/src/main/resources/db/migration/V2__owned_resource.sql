-- Which client made a project resource (a file, a cached content, a batch) through the gateway,
-- and on which upstream (one Cloud project) it lives. Names are Google's kind/id ("files/abc");
-- an id is unique within one project, so the key is the name with its upstream.
CREATE TABLE owned_resource (
  name        VARCHAR(256) NOT NULL,
  upstream    VARCHAR(128) NOT NULL,
  client      VARCHAR(128) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (name, upstream)
);
CREATE INDEX owned_resource_client ON owned_resource (client);

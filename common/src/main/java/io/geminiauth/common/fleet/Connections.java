package io.geminiauth.common.fleet;

import java.sql.Connection;
import java.sql.SQLException;

/** Where a store's JDBC connections come from (a pooled datasource, in the services). */
@FunctionalInterface
public interface Connections {
  Connection open() throws SQLException;
}

package io.watershed.catalog;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.rest.RESTCatalog;

/** Builds test configs for in-process catalog servers, and REST clients for them. */
final class CatalogFixtures {
  private CatalogFixtures() {}

  /** A catalog name no other test uses, so tests sharing a database do not see each other. */
  static String uniqueName() {
    return "it_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  }

  /** A server config on a free loopback port; {@code extra} entries win. */
  static CatalogConfig config(
      CatalogDatabase database, Path warehouse, String name, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("catalog.http-host", "127.0.0.1");
    values.put("catalog.http-port", "0");
    values.put("catalog.threads", "4");
    values.put("catalog.name", name);
    values.put("catalog.warehouse", warehouse.toUri().toString());
    values.put("catalog.jdbc-url", database.jdbcUrl());
    values.put("catalog.jdbc-user", database.user());
    values.put("catalog.init-lake-tables", "false");
    values.putAll(extra);
    return CatalogConfig.load("test", values);
  }

  /** A REST client of {@code server}; {@code properties} entries win. */
  static RESTCatalog client(CatalogServer server, String name, Map<String, String> properties) {
    Map<String, String> values = new HashMap<>();
    values.put(CatalogProperties.URI, server.uri().toString());
    values.putAll(properties);
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(name, values);
    return catalog;
  }
}

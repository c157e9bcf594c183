package io.watershed.catalog;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** Opens Iceberg's JdbcCatalog as configured: the catalog behind the REST service. */
final class CatalogBackend {
  private CatalogBackend() {}

  /** The JdbcCatalog properties the config gives: pass-through entries first, ours over them. */
  static Map<String, String> catalogProperties(CatalogConfig config) {
    Map<String, String> properties = new HashMap<>(config.icebergProperties());
    properties.put(CatalogProperties.URI, config.jdbcUrl());
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, config.warehouse());
    // HadoopFileIO serves hdfs:// and file:// alike through the shaded Hadoop client.
    properties.put(CatalogProperties.FILE_IO_IMPL, HadoopFileIO.class.getName());
    // One connection per request thread, so no request waits for another's connection.
    properties.put(
        CatalogProperties.CLIENT_POOL_SIZE, String.valueOf(config.http().limits().threads()));
    // V1 adds the record-type column that views need; V0 catalogs are upgraded in place.
    properties.put(JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1");
    // Tables only in namespaces that exist: a typo must not make a namespace appear.
    properties.put(JdbcCatalog.PROPERTY_PREFIX + "strict-mode", "true");
    if (!config.jdbcUser().isEmpty()) {
      properties.put(JdbcCatalog.PROPERTY_PREFIX + "user", config.jdbcUser());
    }
    if (!config.jdbcPassword().isEmpty()) {
      properties.put(JdbcCatalog.PROPERTY_PREFIX + "password", config.jdbcPassword());
    }
    return properties;
  }

  static Configuration hadoopConfiguration(CatalogConfig config) {
    Configuration hadoop = new Configuration();
    config.hadoopProperties().forEach(hadoop::set);
    return hadoop;
  }

  /** A FileIO over the warehouse's file system, as the catalog's own (HadoopFileIO). */
  static FileIO fileIo(CatalogConfig config) {
    return new HadoopFileIO(hadoopConfiguration(config));
  }

  /** Opens the catalog; creates its tables in the database when missing. */
  static JdbcCatalog open(CatalogConfig config) {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(hadoopConfiguration(config));
    try {
      catalog.initialize(config.name(), catalogProperties(config));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Cannot open catalog %s on %s: %s".formatted(config.name(), config.jdbcUrl(), e), e);
    }
    return catalog;
  }
}

package io.watershed.catalog;

import io.watershed.catalog.upkeep.UpkeepKeys;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.JdbcUrls;
import io.watershed.kit.config.KeyReference;
import io.watershed.kit.config.PassThrough;
import io.watershed.kit.http.HttpServerKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** Every key of the catalog's config file, declared once. The reference docs come from here. */
final class CatalogKeys {
  /** Entries under this prefix go, without it, into the Hadoop configuration (HDFS client). */
  static final String HADOOP_PREFIX = "hadoop.";

  /**
   * Entries under this prefix go, without it, into Iceberg's JdbcCatalog properties, e.g. {@code
   * iceberg.table-default.write.format.default} or {@code iceberg.unique-table-location}.
   */
  static final String ICEBERG_PREFIX = "iceberg.";

  static final PassThrough HADOOP =
      new PassThrough(HADOOP_PREFIX, "passed to the Hadoop configuration without the prefix");
  static final PassThrough ICEBERG =
      new PassThrough(ICEBERG_PREFIX, "passed to Iceberg's JdbcCatalog without the prefix");
  static final List<PassThrough> PASS_THROUGHS = List.of(HADOOP, ICEBERG);

  private static final Pattern CATALOG_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  static final HttpServerKeys HTTP =
      HttpServerKeys.declare("catalog", 8181, 16L * 1024 * 1024, 1024L * 1024 * 1024);
  static final ConfigKey<String> NAME =
      ConfigKey.of(
          "catalog.name",
          "string",
          "lake",
          CatalogKeys::catalogName,
          "Catalog name, the key of this catalog's rows in the JDBC database.");
  static final ConfigKey<String> WAREHOUSE =
      ConfigKey.of(
          "catalog.warehouse",
          "uri",
          "hdfs://127.0.0.1:9000/watershed/warehouse",
          CatalogKeys::warehouse,
          "Root location of new tables (hdfs:// or file://).");
  static final ConfigKey<String> JDBC_URL =
      JdbcUrls.urlKey(
          "catalog",
          "jdbc:h2:file:./var/catalog/catalog;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0",
          "the catalog");
  static final ConfigKey<String> JDBC_USER = JdbcUrls.userKey("catalog");
  static final ConfigKey<String> JDBC_PASSWORD = JdbcUrls.passwordKey("catalog");
  static final ConfigKey<List<String>> AUTH_TOKENS =
      ConfigKey.secretList(
          "catalog.auth-tokens",
          "Comma-separated bearer tokens accepted on /v1 (16+ characters each); empty turns"
              + " authentication off.");
  static final ConfigKey<Boolean> INIT_LAKE_TABLES =
      ConfigKey.bool(
          "catalog.init-lake-tables",
          true,
          "Create the lake's namespaces and tables (if missing) when the server starts.");

  private static final List<ConfigKey<?>> SERVICE =
      ConfigKey.concat(
          HTTP.all(),
          NAME,
          WAREHOUSE,
          JDBC_URL,
          JDBC_USER,
          JDBC_PASSWORD,
          AUTH_TOKENS,
          INIT_LAKE_TABLES);

  /** Every key: the service's own, then lake upkeep's ({@link UpkeepKeys}). */
  static final List<ConfigKey<?>> ALL = withUpkeep();

  /** JdbcCatalog properties the service sets itself from its own keys. */
  static final Set<String> RESERVED_ICEBERG_PROPERTIES =
      Set.of(
          CatalogProperties.URI,
          CatalogProperties.WAREHOUSE_LOCATION,
          CatalogProperties.CLIENT_POOL_SIZE,
          CatalogProperties.FILE_IO_IMPL,
          JdbcCatalog.PROPERTY_PREFIX + "user",
          JdbcCatalog.PROPERTY_PREFIX + "password",
          JdbcCatalog.PROPERTY_PREFIX + "schema-version",
          JdbcCatalog.PROPERTY_PREFIX + "strict-mode");

  private CatalogKeys() {}

  private static List<ConfigKey<?>> withUpkeep() {
    List<ConfigKey<?>> all = new ArrayList<>(SERVICE);
    all.addAll(UpkeepKeys.ALL);
    return List.copyOf(all);
  }

  /** The reference docs: one Markdown table row per key and pass-through prefix. */
  static String reference() {
    return KeyReference.markdown(ALL, PASS_THROUGHS);
  }

  private static String catalogName(String value) {
    if (!CATALOG_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("must be 1 to 64 letters, digits, '_' or '-'");
    }
    return value;
  }

  private static String warehouse(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be a URI: " + e.getMessage(), e);
    }
    if (uri.getScheme() == null || uri.getPath() == null || !uri.getPath().startsWith("/")) {
      throw new IllegalArgumentException(
          "must be an absolute URI with a scheme, e.g. hdfs://namenode:9000/warehouse");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }
}

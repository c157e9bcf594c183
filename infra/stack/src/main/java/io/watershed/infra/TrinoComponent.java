package io.watershed.infra;

import io.watershed.infra.internal.Http;
import io.watershed.infra.internal.ManagedProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A Trino coordinator from the full server tarball (it carries plugin/iceberg/hdfs), run on a JDK
 * 24+, with catalog {@code lake} = Iceberg over the Watershed REST catalog, files on HDFS, and a
 * file-based access control that keeps the monitor's ad-hoc user read-only.
 */
final class TrinoComponent extends Component {
  static final int MINIMUM_JAVA = 24;

  /** Only the plugins the stack uses: loading all of them doubles start time and memory. */
  private static final List<String> PLUGINS = List.of("iceberg", "tpch", "memory", "jmx");

  /**
   * Our plugin (theta_sketch_union, theta_sketch_cardinality, ubc_parse, ubc_map,
   * ubc_rules_version), linked when built: its module (trino-functions) skips itself on hosts
   * without a JDK 25.
   */
  static final String FUNCTIONS_PLUGIN = "trino-functions/target/plugin/watershed-functions";

  /**
   * The Trino user the monitor runs ad-hoc SQL as ({@code monitor.trino.adhoc-user}): the access
   * control below lets it read catalog {@code lake} and nothing else.
   */
  static final String READER_USER = "watershed_reader";

  /**
   * Trino's file-based system access control (Trino 476, "System-level access control files"):
   * first matching rule wins in each section. {@value #READER_USER} may read catalog {@code lake}
   * (read-only: SELECT, SHOW, DESCRIBE; every write and every CREATE, ALTER, DROP needs access
   * {@code all}) and no other catalog, not even {@code system}; it runs no catalog function or
   * procedure, reads no system information and sees only its own queries. Every other user keeps
   * what Trino's default access control gives: all, but system information read-only (no graceful
   * shutdown) and no impersonation. Sections left out allow everything (schemas, tables, session
   * properties).
   */
  static final String ACCESS_RULES =
      """
      {
        "catalogs": [
          {"user": "%1$s", "catalog": "lake", "allow": "read-only"},
          {"user": "%1$s", "catalog": ".*", "allow": "none"},
          {"catalog": ".*", "allow": "all"}
        ],
        "queries": [
          {"user": "%1$s", "allow": ["execute"]},
          {"allow": ["execute", "view", "kill"]}
        ],
        "system_information": [
          {"user": "%1$s", "allow": []},
          {"allow": ["read"]}
        ],
        "functions": [
          {"user": "%1$s", "privileges": []},
          {"privileges": ["EXECUTE", "GRANT_EXECUTE", "OWNERSHIP"]}
        ],
        "procedures": [
          {"user": "%1$s", "privileges": []},
          {"privileges": ["EXECUTE", "GRANT_EXECUTE"]}
        ],
        "authorization": [
          {"original_user": "%1$s", "new_user": ".*", "new_role": ".*", "allow": false},
          {"new_user": ".*", "new_role": ".*", "allow": true}
        ]
      }
      """
          .formatted(READER_USER);

  TrinoComponent(StackConfig config) {
    super(config);
  }

  @Override
  public String name() {
    return "trino";
  }

  @Override
  public String address() {
    return config.trinoUri();
  }

  @Override
  public List<String> dependsOn() {
    return List.of("catalog");
  }

  @Override
  protected List<String> processNames() {
    return List.of("coordinator");
  }

  static Properties buildProperties() {
    Properties properties = new Properties();
    try (InputStream in = TrinoComponent.class.getResourceAsStream("/stack-build.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read stack-build.properties", e);
    }
    return properties;
  }

  /** The unpacked server, unpacking the tarball from the Maven repository on first use. */
  Path serverHome() throws IOException {
    Properties build = buildProperties();
    String version = build.getProperty("trino.version");
    Path home = config.cacheDir().resolve("trino-server-" + version);
    if (Files.isDirectory(home.resolve("plugin/iceberg/hdfs"))) {
      return home;
    }
    Path tarball = Path.of(build.getProperty("trino.server-tarball"));
    if (!Files.exists(tarball)) {
      throw new IllegalStateException(
          "Cannot start trino: %s is missing; run ./watershed build".formatted(tarball));
    }
    Path staging =
        Files.createDirectories(config.cacheDir())
            .resolve("trino-unpack-" + ProcessHandle.current().pid());
    Files.createDirectories(staging);
    // tar, not a Java unpacker: the tarball uses hard links.
    ManagedProcess.runToCompletion(
        "unpack " + tarball,
        List.of("tar", "-xzf", tarball.toString(), "-C", staging.toString()),
        staging,
        logFile(),
        Duration.ofMinutes(10));
    try {
      Files.move(staging.resolve("trino-server-" + version), home);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another launcher unpacked it first
    }
    ManagedProcess.runToCompletion(
        "remove " + staging,
        List.of("rm", "-rf", staging.toString()),
        config.cacheDir(),
        logFile(),
        Duration.ofMinutes(2));
    return home;
  }

  Path javaHome() {
    return io.watershed.infra.internal.JavaRuntimes.find(MINIMUM_JAVA, config.trinoJavaHome());
  }

  @Override
  protected List<ManagedProcess> prepare() throws IOException {
    Path java = javaHome().resolve("bin/java");
    Path server = serverHome();
    Path etc = directory().resolve("etc");
    Path plugins = directory().resolve("plugin");
    Files.createDirectories(plugins);
    for (String plugin : PLUGINS) {
      Path link = plugins.resolve(plugin);
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, server.resolve("plugin").resolve(plugin));
    }
    Path functions = config.home().resolve(FUNCTIONS_PLUGIN);
    Path functionsLink = plugins.resolve(functions.getFileName().toString());
    Files.deleteIfExists(functionsLink);
    // The plugin's former name (infra/runtime/trino-sketches), left by an older launcher.
    Files.deleteIfExists(plugins.resolve("watershed-sketches"));
    if (Files.isDirectory(functions)) {
      Files.createSymbolicLink(functionsLink, functions);
    }
    write(
        etc.resolve("config.properties"),
        """
        # Generated by ./watershed: a single coordinator that also runs tasks.
        coordinator=true
        node-scheduler.include-coordinator=true
        http-server.http.port=%2$d
        discovery.uri=http://%1$s:%2$d
        node.environment=watershed
        node.id=watershed-local
        node.internal-address=%1$s
        node.bind-ip=%1$s
        plugin.dir=%3$s
        catalog.config-dir=%4$s
        query.max-memory=1GB
        query.max-memory-per-node=768MB
        access-control.config-files=%5$s
        """
            .formatted(
                config.host(),
                config.trinoPort(),
                plugins,
                etc.resolve("catalog"),
                etc.resolve("access-control.properties")));
    write(
        etc.resolve("access-control.properties"),
        """
        # Generated by ./watershed: user %s reads catalog lake only (the monitor's ad-hoc SQL).
        access-control.name=file
        security.config-file=%s
        """
            .formatted(READER_USER, etc.resolve("rules.json")));
    write(etc.resolve("rules.json"), ACCESS_RULES);
    write(etc.resolve("log.properties"), "io.trino=INFO\n");
    write(
        etc.resolve("catalog/lake.properties"),
        """
# The Watershed lake: Iceberg tables of the REST catalog, files on HDFS.
connector.name=iceberg
iceberg.catalog.type=rest
iceberg.rest-catalog.uri=%s
iceberg.rest-catalog.security=OAUTH2
iceberg.rest-catalog.oauth2.token=%s
fs.hadoop.enabled=true
# The catalog's lake upkeep decides its thresholds (catalog.upkeep.*), not Trino's 7d floor.
iceberg.expire-snapshots.min-retention=1m
iceberg.remove-orphan-files.min-retention=1m
"""
            .formatted(config.catalogUri(), CatalogComponent.token(config)));
    write(etc.resolve("catalog/tpch.properties"), "connector.name=tpch\n");
    return List.of(
        process(
            "coordinator",
            List.of(
                java.toString(),
                "-Xmx" + config.trinoHeap(),
                "-XX:+UseG1GC",
                "-XX:+ExplicitGCInvokesConcurrent",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+EnableDynamicAgentLoading",
                "-Djdk.attach.allowAttachSelf=true",
                // ubc_map's rules: the monitor service, with the agent token the jobs pull with.
                "-Dwatershed.rules.url=" + config.monitorUri(),
                "-Dwatershed.rules.token=" + MonitorComponent.AGENT_TOKEN,
                "-Dconfig=" + etc.resolve("config.properties"),
                "-Dlog.levels-file=" + etc.resolve("log.properties"),
                "-cp",
                server.resolve("lib") + "/*",
                "io.trino.server.TrinoServer")));
  }

  /** The lake's Trino views, created or replaced each time Trino is up. */
  static final String VIEWS = "sql/trino/corrected_views.sql";

  @Override
  protected void afterHealthy() throws IOException {
    try (Connection connection = connect(config, "watershed-stack");
        Statement statement = connection.createStatement()) {
      for (String sql : statements(Files.readString(built(VIEWS)))) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IOException("Cannot create the views of " + VIEWS + ": " + e.getMessage(), e);
    }
  }

  /** A JDBC connection to the stack's Trino, catalog {@code lake}, as {@code user}. */
  static Connection connect(StackConfig config, String user) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    return DriverManager.getConnection(
        "jdbc:trino://%s:%d/lake".formatted(config.host(), config.trinoPort()), properties);
  }

  /** The statements of a Trino SQL file: comment lines dropped, split where a line ends in ';'. */
  static List<String> statements(String file) {
    List<String> statements = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : file.lines().toList()) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        String sql = current.toString().strip();
        statements.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return List.copyOf(statements);
  }

  @Override
  public boolean healthy() {
    return Http.getOk(config.trinoUri() + "/v1/info")
        .map(body -> body.replace(" ", "").contains("\"starting\":false"))
        .orElse(false);
  }
}

package io.watershed.contracts;

import java.util.List;

/**
 * The Kafka headers of a layer 1 record: where it came from. The file agent sets {@link
 * #AGENT_HEADERS}, the HTTP intake {@link #INTAKE_HEADERS}; every value is UTF-8 text (numbers in
 * decimal). The jobs read them into the lake's provenance columns (sql/jobs/raw_to_lake.sql,
 * ubc_clean.sql), and provenance makes every record unique, so retried duplicates can be removed.
 */
public final class ProvenanceHeaders {
  /** The agent's id. */
  public static final String AGENT = "agent";

  /** The host the agent runs on. */
  public static final String HOST = "host";

  /** The file's path when the line was read. */
  public static final String PATH = "path";

  /** The file's identity: device, inode and fingerprint. */
  public static final String FILE_ID = "file_id";

  /** The byte offset of the line in its file. */
  public static final String FILE_OFFSET = "file_offset";

  /** When the agent read the line, epoch milliseconds. */
  public static final String READ_TS = "read_ts";

  /** Only on a record some transforms could not read: their names, comma-separated. */
  public static final String TRANSFORM_SKIPPED = "transform_skipped";

  /** The uploading app (its app key's name). */
  public static final String APP = "app";

  /** The intake channel: client, server or h5. */
  public static final String CHANNEL = "channel";

  /** The intake batch (one request) the record came in. */
  public static final String BATCH_ID = "batch_id";

  /** The record's index in its batch. */
  public static final String BATCH_INDEX = "batch_index";

  /** When the intake received the batch, epoch milliseconds. */
  public static final String RECEIVE_TS = "receive_ts";

  /** What the file agent sets on every record ({@link #TRANSFORM_SKIPPED} only on some). */
  public static final List<String> AGENT_HEADERS =
      List.of(AGENT, HOST, PATH, FILE_ID, FILE_OFFSET, READ_TS);

  /** What the HTTP intake sets on every record. */
  public static final List<String> INTAKE_HEADERS =
      List.of(APP, CHANNEL, BATCH_ID, BATCH_INDEX, RECEIVE_TS);

  private ProvenanceHeaders() {}

  /** Every header name of the contract. */
  public static List<String> all() {
    return List.of(
        AGENT,
        HOST,
        PATH,
        FILE_ID,
        FILE_OFFSET,
        READ_TS,
        TRANSFORM_SKIPPED,
        APP,
        CHANNEL,
        BATCH_ID,
        BATCH_INDEX,
        RECEIVE_TS);
  }
}

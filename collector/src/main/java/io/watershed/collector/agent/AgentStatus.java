package io.watershed.collector.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.collector.agent.internal.discovery.Tailer;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The status the heartbeat reports, held under the monitor service's limit on its size: the files
 * with the most lag first, as many as fit, and totals over all of them.
 */
final class AgentStatus {
  /** The monitor service accepts a {@code status} of at most this many bytes. */
  static final int LIMIT_BYTES = 256 * 1024;

  /** What the file list may take of it, leaving room for the rest of the status. */
  static final int FILES_BUDGET_BYTES = 192 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AgentStatus() {}

  static ObjectNode of(
      List<SourceConfig> sources,
      List<Tailer.FileStatus> followed,
      long inflightBytes,
      Map<String, Long> counters) {
    ObjectNode status = MAPPER.createObjectNode();
    ArrayNode names = status.putArray("sources");
    sources.forEach(source -> names.add(source.name()));
    List<Tailer.FileStatus> byLag = new ArrayList<>(followed);
    byLag.sort(Comparator.comparingLong(Tailer.FileStatus::lagBytes).reversed());
    ArrayNode files = status.putArray("files");
    long lag = 0;
    long used = 0;
    for (Tailer.FileStatus file : byLag) {
      lag += file.lagBytes();
      if (used < FILES_BUDGET_BYTES) {
        ObjectNode entry =
            MAPPER
                .createObjectNode()
                .put("source", file.entry().source())
                .put("path", file.entry().path())
                .put("fileId", file.entry().fileId())
                .put("offset", file.entry().offset())
                .put("lagBytes", file.lagBytes());
        long size = bytes(entry) + 1;
        if (used + size <= FILES_BUDGET_BYTES) {
          files.add(entry);
        }
        used += size;
      }
    }
    status.put("filesTotal", followed.size());
    status.put("filesListed", files.size());
    status.put("lagBytes", lag);
    status.put("inflightBytes", inflightBytes);
    ObjectNode values = status.putObject("counters");
    counters.forEach(values::put);
    // a guard for what the budget does not cover (e.g. thousands of sources)
    while (bytes(status) > LIMIT_BYTES && files.size() > 0) {
      int keep = files.size() / 2;
      while (files.size() > keep) {
        files.remove(files.size() - 1);
      }
      status.put("filesListed", files.size());
    }
    return status;
  }

  static int bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node).length;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

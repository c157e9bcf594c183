package io.watershed.collector.agent.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The agent's counters, reported in the heartbeat status and /health. */
public final class AgentCounters {
  /** Records (lines, pieces, joined records) handed to Kafka. */
  public final AtomicLong linesRead = new AtomicLong();

  public final AtomicLong bytesRead = new AtomicLong();
  public final AtomicLong linesAcknowledged = new AtomicLong();
  public final AtomicLong linesSplit = new AtomicLong();
  public final AtomicLong partialLinesFlushed = new AtomicLong();
  public final AtomicLong truncations = new AtomicLong();
  public final AtomicLong filesReleased = new AtomicLong();
  public final AtomicLong sendErrors = new AtomicLong();

  /** Records of more than one line made by multiline joining. */
  public final AtomicLong recordsJoined = new AtomicLong();

  /** Joined records ended by multiline.max-lines or multiline.max-bytes. */
  public final AtomicLong multilineCut = new AtomicLong();

  /** Records not sent: no filter.include match, or a filter.exclude match. */
  public final AtomicLong filteredOut = new AtomicLong();

  /** Records not sent by sampling. */
  public final AtomicLong sampledOut = new AtomicLong();

  /** Records a transform did not apply to (not an nginx line, not a JSON object). */
  public final AtomicLong transformsSkipped = new AtomicLong();

  /** Times a source's reading paused on its rate limit. */
  public final AtomicLong rateLimited = new AtomicLong();

  /** Every counter by its name in the status. */
  public Map<String, Long> values() {
    Map<String, Long> values = new LinkedHashMap<>();
    values.put("linesRead", linesRead.get());
    values.put("bytesRead", bytesRead.get());
    values.put("linesAcknowledged", linesAcknowledged.get());
    values.put("linesSplit", linesSplit.get());
    values.put("partialLinesFlushed", partialLinesFlushed.get());
    values.put("truncations", truncations.get());
    values.put("filesReleased", filesReleased.get());
    values.put("sendErrors", sendErrors.get());
    values.put("recordsJoined", recordsJoined.get());
    values.put("multilineCut", multilineCut.get());
    values.put("filteredOut", filteredOut.get());
    values.put("sampledOut", sampledOut.get());
    values.put("transformsSkipped", transformsSkipped.get());
    values.put("rateLimited", rateLimited.get());
    return values;
  }
}

package io.watershed.bench.traffic;

/**
 * One generated record with its ground truth: what the pipeline must make of it. {@code json} is
 * exactly what is posted; {@code invalidKind} is the reject reason code expected for an invalid
 * one.
 */
public record GeneratedRecord(
    String eventId,
    String ubc,
    String logType,
    String intakeChannel,
    long ts,
    long rts,
    Long durationMs,
    boolean valid,
    String invalidKind,
    String json) {}

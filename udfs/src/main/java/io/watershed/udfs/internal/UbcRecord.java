package io.watershed.udfs.internal;

import java.time.Instant;
import java.util.Map;

/**
 * A UBC record that passed validation (ARCHITECTURE.md, "UBC record"). Common parameters are
 * nullable; {@code durationMs} is set for flow logs only.
 */
public record UbcRecord(
    String eventId,
    String ubc,
    String logType,
    Instant eventTs,
    Instant reportTs,
    String os,
    String osVersion,
    String deviceId,
    String app,
    String appVersion,
    String net,
    Map<String, String> ext,
    Long durationMs) {}

package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.pipeline.PipelineService;
import java.time.Clock;

/** The HTTP side of the pipeline's health: {@code GET /v1/pipeline}, always 200 by section. */
final class PipelineApi {
  private final PipelineService pipeline;
  private final Clock clock;

  PipelineApi(PipelineService pipeline, Clock clock) {
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  Reply health(Request request) {
    return Reply.ok(pipeline.health(clock.millis()));
  }
}

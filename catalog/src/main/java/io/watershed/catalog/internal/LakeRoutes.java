package io.watershed.catalog.internal;

import io.watershed.catalog.upkeep.Ages;
import io.watershed.catalog.upkeep.LakeUpkeep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.rest.Endpoint;

/**
 * Watershed's own lake routes beside the REST catalog's, behind the same bearer tokens and not
 * advertised by {@code GET /v1/config}: {@code GET /v1/watershed/lake/health[?table=ns.name]},
 * {@code POST /v1/watershed/lake/upkeep[?table=ns.name][&snapshot-retention=age]} (queues a round,
 * answers it) and {@code GET /v1/watershed/lake/upkeep/{round}} (the round so far).
 */
public final class LakeRoutes {
  private LakeRoutes() {}

  public static List<Route> over(LakeUpkeep upkeep) {
    return List.of(
        new Route(
            "lake_health",
            Endpoint.create("GET", "/v1/watershed/lake/health"),
            request -> Map.of("tables", upkeep.health(table(request)))),
        new Route(
            "lake_upkeep",
            Endpoint.create("POST", "/v1/watershed/lake/upkeep"),
            request -> upkeep.submit(table(request), snapshotRetention(request))),
        new Route(
            "lake_upkeep_round",
            Endpoint.create("GET", "/v1/watershed/lake/upkeep/{round}"),
            request -> {
              String round = request.pathVariable("round");
              return upkeep
                  .round(round)
                  .orElseThrow(
                      () ->
                          new NotFoundException(
                              "Cannot find upkeep round %s: unknown, or older than the last 20",
                              round));
            }));
  }

  private static Optional<TableIdentifier> table(RestRequest request) {
    String table = request.query("table");
    if (table == null || table.isBlank()) {
      return Optional.empty();
    }
    if (!table.matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)+")) {
      throw new BadRequestException(
          "Cannot read query parameter table=%s: must be namespace.name, e.g. ubc.late", table);
    }
    return Optional.of(TableIdentifier.parse(table));
  }

  private static Optional<Duration> snapshotRetention(RestRequest request) {
    String age = request.query("snapshot-retention");
    if (age == null || age.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Ages.parse(age.strip()));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "Cannot read query parameter snapshot-retention=%s: %s", age, e.getMessage());
    }
  }
}

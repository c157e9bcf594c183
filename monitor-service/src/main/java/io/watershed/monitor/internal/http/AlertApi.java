package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.SafeText;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.alerts.AlertService;
import io.watershed.monitor.internal.alerts.AlertViews;
import io.watershed.monitor.internal.alerts.FiringState;
import io.watershed.monitor.internal.rules.RuleInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HTTP side of the alerts: rules and the history of their firings. */
final class AlertApi {
  private final AlertService alerts;

  AlertApi(AlertService alerts) {
    this.alerts = requireNonNull(alerts, "alerts is null");
  }

  /** Every rule, or those of {@code ubc=}. */
  Reply list(Request request) {
    String ubc = request.query("ubc");
    if (ubc != null && !RuleInput.UBC_ID.matcher(ubc).matches()) {
      throw ApiException.badRequest(
          "Cannot read query parameter ubc=%s: UBC IDs are 1 to 64 letters, digits, '_', '.' or"
              + " '-'",
          SafeText.clip(ubc));
    }
    List<Map<String, Object>> views = alerts.list(ubc).stream().map(AlertViews::alert).toList();
    return Reply.ok(Map.of("alerts", views));
  }

  Reply create(Request request) {
    AlertService.Written written = alerts.create(request.principal(), request.object());
    return Reply.created(written(written));
  }

  Reply get(Request request) {
    return Reply.ok(AlertViews.alert(alerts.get(id(request))));
  }

  Reply put(Request request) {
    long id = id(request);
    return Reply.ok(written(alerts.put(request.principal(), id, request.object())));
  }

  Reply delete(Request request) {
    long id = id(request);
    alerts.delete(request.principal(), id);
    return Reply.ok(Map.of("deleted", id));
  }

  /**
   * Firings newest first: {@code rule=}, {@code state=}, {@code before=} (an id), {@code limit=}.
   */
  Reply firings(Request request) {
    Long rule =
        request.query("rule") == null ? null : request.queryLong("rule", 0, 1, Long.MAX_VALUE);
    FiringState state = null;
    String stateText = request.query("state");
    if (stateText != null) {
      state = FiringState.parse(stateText);
      if (state == null) {
        throw ApiException.badRequest(
            "Cannot read query parameter state=%s: must be one of %s",
            SafeText.clip(stateText), FiringState.wires());
      }
    }
    long before = request.queryLong("before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    int limit = (int) request.queryLong("limit", 100, 1, 1000);
    List<Map<String, Object>> firings =
        alerts.firings(rule, state, before, limit).stream().map(AlertViews::firing).toList();
    return Reply.ok(Map.of("firings", firings));
  }

  private static Map<String, Object> written(AlertService.Written written) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("changed", written.changed());
    body.put("alert", AlertViews.alert(written.alert()));
    return body;
  }

  /** The rule number of the path; 404 when it is not one (no rule can have it). */
  private static long id(Request request) {
    String text = request.path("id");
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.notFound(
        "Cannot find alert rule %s: rules are numbered 1, 2, ...", SafeText.clip(text));
  }
}

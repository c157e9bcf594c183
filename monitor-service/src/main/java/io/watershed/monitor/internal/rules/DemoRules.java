package io.watershed.monitor.internal.rules;

import io.watershed.contracts.Normalisation;
import io.watershed.monitor.internal.Json;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.auth.Principal;
import io.watershed.monitor.internal.auth.Role;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo rule set for the sample traffic generator: UBC IDs {@code ubc_0001}..{@code ubc_0030},
 * every third one a flow log, each with five dimensions (slot d6 left free). Loading it keeps
 * whatever exists already, so it can run on every start.
 */
public final class DemoRules {
  static final int COUNT = 30;
  static final String ACTOR = "seed-demo";

  private static final String[] EVENT_NAMES = {
    "home page view", "search submit", "button click", "share", "like", "comment",
    "push open", "login", "sign-up", "add to favourites", "download", "follow",
    "ad click", "settings change", "feedback", "purchase", "coupon claim", "logout",
    "notification dismiss", "profile view"
  };
  private static final String[] FLOW_NAMES = {
    "video play", "page stay", "audio play", "live watch", "article read",
    "mini-program use", "game session", "video preload", "feed scroll", "app foreground"
  };

  private DemoRules() {}

  /**
   * What loading the demo rules added.
   *
   * @param ubcIds UBC IDs added
   * @param dimensions dimensions added
   */
  public record Seeded(int ubcIds, int dimensions) {}

  /** Adds the demo rules that are missing, as one rule version (none if nothing is missing). */
  public static Seeded seed(MonitorDatabase database, Metrics metrics) {
    RuleService rules = new RuleService(database, Json.newMapper(), metrics);
    int[] added = rules.seed(new Principal(ACTOR, Role.ADMIN), rules());
    return new Seeded(added[0], added[1]);
  }

  /** The demo rules, in ID order. */
  static Map<UbcId, List<Dimension>> rules() {
    Map<UbcId, List<Dimension>> rules = new LinkedHashMap<>();
    int events = 0;
    int flows = 0;
    for (int n = 1; n <= COUNT; n++) {
      boolean flow = n % 3 == 0;
      String name = flow ? FLOW_NAMES[flows++] : EVENT_NAMES[events++];
      String id = "ubc_%04d".formatted(n);
      UbcId ubcId =
          new UbcId(
              id,
              name,
              "Demo %s log: %s (sample traffic of ./watershed gen)"
                  .formatted(flow ? "flow" : "event", name),
              flow ? LogType.FLOW : LogType.EVENT,
              n <= 15 ? "demo-app-team" : "demo-growth-team",
              true,
              flow
                  ? List.of("page", "channel", "content_type")
                  : List.of("page", "channel", "result"),
              Metric.defaults(flow ? LogType.FLOW : LogType.EVENT));
      rules.put(ubcId, dimensions(flow));
    }
    return rules;
  }

  private static List<Dimension> dimensions(boolean flow) {
    List<Normalisation> lower = List.of(Normalisation.TRIM, Normalisation.LOWER_CASE);
    Dimension os = oneToOne(1, "common.os", lower, "OS");
    Dimension app = oneToOne(2, "common.app", List.of(Normalisation.TRIM), "App");
    Dimension net =
        manyToOne(
            3,
            "common.net",
            "Network",
            "other",
            Map.of(
                "wifi", "wifi",
                "5g", "cellular",
                "4g", "cellular",
                "3g", "cellular",
                "2g", "cellular",
                "ethernet", "wired"));
    Dimension channel =
        manyToOne(
            4,
            "ext.channel",
            "Channel group",
            "other",
            Map.of(
                "push", "push",
                "notification", "push",
                "search", "search",
                "sem", "search",
                "seo", "search",
                "feed", "feed",
                "home", "feed",
                "recommend", "feed",
                "share", "social",
                "wechat", "social"));
    Dimension fifth =
        flow
            ? manyToOne(
                5,
                "ext.content_type",
                "Content",
                "other",
                Map.of(
                    "short", "short-video",
                    "clip", "short-video",
                    "movie", "long-video",
                    "episode", "long-video",
                    "series", "long-video",
                    "live", "live"))
            : oneToOne(5, "ext.result", List.of(Normalisation.LOWER_CASE), "Result");
    return List.of(os, app, net, channel, fifth);
  }

  private static Dimension oneToOne(
      int slot, String source, List<Normalisation> normalise, String label) {
    return new Dimension(slot, source, MappingKind.ONE_TO_ONE, normalise, label, null, List.of());
  }

  private static Dimension manyToOne(
      int slot, String source, String label, String defaultGroup, Map<String, String> table) {
    List<Dimension.GroupMapping> groups =
        table.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(entry -> new Dimension.GroupMapping(entry.getKey(), entry.getValue()))
            .toList();
    return new Dimension(
        slot,
        source,
        MappingKind.MANY_TO_ONE,
        List.of(Normalisation.TRIM, Normalisation.LOWER_CASE),
        label,
        defaultGroup,
        groups);
  }
}

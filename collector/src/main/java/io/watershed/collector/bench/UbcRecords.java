package io.watershed.collector.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic UBC records (ARCHITECTURE.md) for the bench: event and flow logs over a few dozen UBC
 * IDs with skewed popularity, common parameters of phones and browsers, business parameters per UBC
 * ID, report times seconds to minutes after the action; deterministic for a seed.
 */
final class UbcRecords {
  private static final String[] UBC_IDS = new String[40];
  private static final String[][] DEVICES = {
    {"android", "14", "Pixel 8", "Google"},
    {"android", "13", "Galaxy S23", "Samsung"},
    {"android", "12", "Redmi Note 12", "Xiaomi"},
    {"ios", "17.5", "iPhone15,2", "Apple"},
    {"ios", "16.7", "iPhone13,3", "Apple"},
    {"harmony", "4.2", "Mate 60", "Huawei"},
  };
  private static final String[] NETS = {"wifi", "4g", "5g", "3g", "unknown"};
  private static final String[] PAGES = {
    "feed/home", "feed/video", "search/result", "detail/article", "profile/me", "live/room"
  };
  private static final String[] SOURCES = {"push", "organic", "share", "ad", "deeplink"};

  static {
    for (int i = 0; i < UBC_IDS.length; i++) {
      UBC_IDS[i] = Integer.toString(3000 + i * 17);
    }
  }

  private final Random random;
  private final int targetBytes;
  private final long baseTime = 1_767_225_600_000L;

  UbcRecords(long seed, int targetBytes) {
    this.random = new Random(seed);
    this.targetBytes = targetBytes;
  }

  byte[] next() {
    String ubc = UBC_IDS[(int) (UBC_IDS.length * Math.pow(random.nextDouble(), 3))];
    boolean flow = random.nextInt(5) == 0;
    String[] device = DEVICES[random.nextInt(DEVICES.length)];
    long ts = baseTime + random.nextInt(86_400_000);
    long rts = ts + 1000L * random.nextInt(300) + random.nextInt(1000);
    StringBuilder json = new StringBuilder(targetBytes + 64);
    json.append("{\"id\":\"").append(uuid()).append('"');
    json.append(",\"ubc\":\"").append(ubc).append('"');
    json.append(",\"type\":\"").append(flow ? "flow" : "event").append('"');
    json.append(",\"ts\":").append(ts).append(",\"rts\":").append(rts);
    json.append(",\"common\":{\"os\":\"").append(device[0]).append('"');
    json.append(",\"osv\":\"").append(device[1]).append('"');
    json.append(",\"did\":\"").append(hex(32)).append('"');
    json.append(",\"app\":\"watershed-demo\",\"appv\":\"12.")
        .append(random.nextInt(9))
        .append('.')
        .append(random.nextInt(20))
        .append('"');
    json.append(",\"net\":\"").append(NETS[random.nextInt(NETS.length)]).append('"');
    json.append(",\"model\":\"").append(device[2]).append('"');
    json.append(",\"brand\":\"").append(device[3]).append('"');
    json.append(",\"lang\":\"zh-CN\",\"tz\":\"+08:00\",\"sdkv\":\"3.2.")
        .append(random.nextInt(5))
        .append('"');
    json.append(",\"screen\":\"1080x2400\",\"cuid\":\"").append(hex(40)).append("\"}");
    json.append(",\"ext\":{\"page\":\"").append(PAGES[random.nextInt(PAGES.length)]).append('"');
    json.append(",\"source\":\"").append(SOURCES[random.nextInt(SOURCES.length)]).append('"');
    json.append(",\"item_id\":\"").append(random.nextLong() & Long.MAX_VALUE).append('"');
    json.append(",\"position\":").append(random.nextInt(50));
    json.append(",\"session\":\"").append(uuid()).append('"');
    json.append(",\"abtest\":\"exp_")
        .append(random.nextInt(5000))
        .append(":B,exp_")
        .append(random.nextInt(5000))
        .append(":A\"");
    json.append(",\"ref\":\"https://m.example.com/")
        .append(PAGES[random.nextInt(PAGES.length)])
        .append("?from=")
        .append(SOURCES[random.nextInt(SOURCES.length)])
        .append('"');
    json.append(",\"ua\":\"Mozilla/5.0 (Linux; ")
        .append(device[0])
        .append(' ')
        .append(device[1])
        .append("; ")
        .append(device[2])
        .append(") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile\"");
    json.append(",\"flags\":\"");
    int end = targetBytes - 3 - (flow ? 14 : 0);
    boolean first = true;
    while (json.length() < end - 12) {
      json.append(first ? "" : ",").append("f_").append(random.nextInt(900) + 100);
      json.append(':').append(random.nextInt(2));
      first = false;
    }
    json.append("\"}");
    if (flow) {
      json.append(",\"dur\":").append(500 + random.nextInt(600_000));
    }
    json.append('}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private String hex(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }
}

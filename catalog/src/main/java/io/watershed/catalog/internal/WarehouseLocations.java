package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.SafeText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * Where the catalog lets a table's files be: under its warehouse only. A location is compared as a
 * URI (scheme, authority, path) after refusing {@code .} and {@code ..} segments, so neither a
 * second spelling nor a climb leaves the warehouse.
 */
public final class WarehouseLocations {
  /** Table properties that move where files are written. */
  static final Set<String> PATH_PROPERTIES =
      Set.of(
          TableProperties.WRITE_DATA_LOCATION,
          TableProperties.WRITE_METADATA_LOCATION,
          TableProperties.OBJECT_STORE_PATH,
          TableProperties.WRITE_FOLDER_STORAGE_LOCATION);

  private final Location warehouse;

  private WarehouseLocations(Location warehouse) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
  }

  public static WarehouseLocations of(String warehouse) {
    Location parsed = Location.parse(warehouse);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "Cannot use warehouse " + warehouse + ": not an absolute URI");
    }
    return new WarehouseLocations(parsed);
  }

  /** Whether {@code location} is the warehouse or under it. */
  public boolean contains(String location) {
    Location parsed = Location.parse(location);
    return parsed != null && warehouse.contains(parsed);
  }

  /** Throws 400 when {@code location} (of {@code what}) is not under the warehouse. */
  public void check(String what, String location) {
    if (location != null && !contains(location)) {
      throw new BadRequestException(
          "Invalid %s %s: it must be under the catalog's warehouse",
          what, SafeText.clip(location, 80));
    }
  }

  /** Checks the location-moving table properties among {@code properties}. */
  public void checkPathProperties(Map<String, String> properties) {
    if (properties == null) {
      return;
    }
    for (String key : PATH_PROPERTIES) {
      check("property " + key, properties.get(key));
    }
  }

  /** Whether one location is the other or under it (either way round). */
  public static boolean overlap(String first, String second) {
    Location a = Location.parse(first);
    Location b = Location.parse(second);
    return a != null && b != null && (a.contains(b) || b.contains(a));
  }

  /** A parsed absolute location. */
  private record Location(String scheme, String authority, String path) {
    static Location parse(String location) {
      if (location == null || location.isEmpty()) {
        return null;
      }
      URI uri;
      try {
        uri = new URI(location);
      } catch (URISyntaxException e) {
        return null;
      }
      String path = uri.getPath();
      if (uri.getScheme() == null || path == null || !path.startsWith("/")) {
        return null;
      }
      for (String segment : path.split("/")) {
        if (segment.equals(".") || segment.equals("..")) {
          return null;
        }
      }
      String trimmed = path.replaceAll("/+", "/");
      if (trimmed.length() > 1 && trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
      return new Location(uri.getScheme().toLowerCase(Locale.ROOT), authority, trimmed);
    }

    boolean contains(Location other) {
      return scheme.equals(other.scheme)
          && Objects.equals(authority, other.authority)
          && (other.path.equals(path)
              || other.path.startsWith(path.equals("/") ? "/" : path + "/"));
    }
  }
}

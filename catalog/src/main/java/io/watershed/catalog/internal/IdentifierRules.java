package io.watershed.catalog.internal;

import io.watershed.kit.http.SafeText;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The names and properties the catalog accepts, checked before anything is written. A name becomes
 * a folder under its namespace's folder and a row in the catalog's database, and Trino lists every
 * name of the catalog in {@code information_schema}, so:
 *
 * <ul>
 *   <li>a name (table, view, or namespace level) holds no {@code /}, is not {@code .} or {@code
 *       ..}, holds no control character or invisible direction mark, and is 1 to {@value
 *       #MAX_NAME_BYTES} bytes in UTF-8;
 *   <li>a namespace is at most {@value #MAX_NAMESPACE_CHARACTERS} characters with its levels joined
 *       by {@code .};
 *   <li>a property key is 1 to {@value #MAX_PROPERTY_KEY_CHARACTERS} characters and a value at most
 *       {@value #MAX_PROPERTY_VALUE_CHARACTERS} (the catalog database's columns).
 * </ul>
 */
public final class IdentifierRules {
  public static final int MAX_NAME_BYTES = 255;
  public static final int MAX_NAMESPACE_CHARACTERS = 255;
  public static final int MAX_PROPERTY_KEY_CHARACTERS = 255;
  public static final int MAX_PROPERTY_VALUE_CHARACTERS = 1000;

  /** Characters of an offending name or key echoed in an answer. */
  private static final int SHOWN = 60;

  private IdentifierRules() {}

  public static void checkNamespace(Namespace namespace) {
    if (namespace.isEmpty()) {
      throw new BadRequestException("Invalid namespace: it has no level");
    }
    for (String level : namespace.levels()) {
      checkName("namespace level", level);
    }
    int joined = String.join(".", namespace.levels()).length();
    if (joined > MAX_NAMESPACE_CHARACTERS) {
      throw new BadRequestException(
          "Invalid namespace %s: %d characters, the limit is %d",
          SafeText.clip(String.join(".", namespace.levels()), SHOWN),
          joined,
          MAX_NAMESPACE_CHARACTERS);
    }
  }

  public static void checkIdentifier(TableIdentifier identifier) {
    checkNamespace(identifier.namespace());
    checkName("name", identifier.name());
  }

  /** Checks one name; {@code what} names it in the message ("name", "namespace level"). */
  public static void checkName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new BadRequestException("Invalid %s: it is empty", what);
    }
    String shown = SafeText.clip(name, SHOWN);
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      throw new BadRequestException("Invalid %s %s: it must not contain '/' or '\\'", what, shown);
    }
    if (name.equals(".") || name.equals("..")) {
      throw new BadRequestException("Invalid %s %s: it must not be '.' or '..'", what, shown);
    }
    if (SafeText.hasUnsafeCharacters(name)) {
      throw new BadRequestException(
          "Invalid %s %s: it must not contain control characters or direction marks", what, shown);
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new BadRequestException(
          "Invalid %s %s: %d bytes in UTF-8, the limit is %d", what, shown, bytes, MAX_NAME_BYTES);
    }
  }

  /** Checks properties to set: key and value lengths, and no control characters in keys. */
  public static void checkProperties(Map<String, String> properties) {
    if (properties == null) {
      return;
    }
    for (Map.Entry<String, String> property : properties.entrySet()) {
      String key = property.getKey();
      String value = property.getValue();
      if (key == null || key.isEmpty() || key.length() > MAX_PROPERTY_KEY_CHARACTERS) {
        throw new BadRequestException(
            "Invalid property key %s: it must be 1 to %d characters",
            SafeText.clip(key, SHOWN), MAX_PROPERTY_KEY_CHARACTERS);
      }
      if (SafeText.hasUnsafeCharacters(key)) {
        throw new BadRequestException(
            "Invalid property key %s: it must not contain control characters or direction marks",
            SafeText.clip(key, SHOWN));
      }
      if (value != null && value.length() > MAX_PROPERTY_VALUE_CHARACTERS) {
        throw new BadRequestException(
            "Invalid value of property %s: %d characters, the limit is %d",
            SafeText.clip(key, SHOWN), value.length(), MAX_PROPERTY_VALUE_CHARACTERS);
      }
    }
  }
}

package org.hutong.record.internal.seal;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hutong.access.PersonalIdentifiers;

/**
 * Seals and opens the protected values in the stored JSON of a resource. Stored JSON is what HAPI
 * encodes (compact, elements in definition order), where an Identifier or a ContactPoint always
 * reads {@code "system":"S","value":"V"}: so a protected value is found, and its system known,
 * without parsing. Opening works on the string too, which lets the raw JSON pages serve stored
 * JSON without a HAPI round trip.
 *
 * <p>Only resources of {@link #TYPES} are sealed. A string anywhere that starts with {@code sm4:}
 * is refused on write, so that everything of that form in storage was sealed by us; and a sealed
 * value found anywhere else than right after its system (moved there, or written by hand) fails to
 * open instead of being shown.
 */
public final class SealedJson {

  /** The resource types whose identifiers and phone numbers are sealed. */
  public static final Set<String> TYPES = Set.of("Patient", "RelatedPerson");

  /** A JSON string's content, without quotes; unrolled so that long strings cannot overflow the stack. */
  private static final String STRING = "([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)";

  private static final Pattern SYSTEM_VALUE = Pattern.compile("\"system\":\"" + STRING + "\",\"value\":\"" + STRING + "\"");
  private static final Pattern SYSTEM_EXTENSION = Pattern.compile("\"system\":\"" + STRING + "\",\"_system\":");
  private static final String SEALED_START = "\"" + PersonalIdentifiers.SEALED_PREFIX;

  private final PersonalIdentifiers identifiers;

  public SealedJson(PersonalIdentifiers identifiers) {
    this.identifiers = identifiers;
  }

  public PersonalIdentifiers identifiers() {
    return identifiers;
  }

  /** The JSON HAPI encoded for a resource of the type, with its protected values sealed. */
  public String seal(String type, String json) {
    if (count(json) > 0) {
      throw new InvalidRequestException(
          "Strings that start with '" + PersonalIdentifiers.SEALED_PREFIX + "' are reserved for sealed identifiers (" + type + ")");
    }
    if (!TYPES.contains(type)) {
      return json;
    }
    Matcher ext = SYSTEM_EXTENSION.matcher(json);
    while (ext.find()) {
      if (identifiers.protects(unescape(ext.group(1)))) {
        throw new InvalidRequestException(
            "An extension on the system of a protected identifier or phone number is not supported (" + type + ")");
      }
    }
    Matcher m = SYSTEM_VALUE.matcher(json);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String system = unescape(m.group(1));
      if (!identifiers.protects(system)) {
        continue;
      }
      String value = unescape(m.group(2));
      if (value.chars().anyMatch(c -> c < 0x20)) {
        throw new InvalidRequestException("Control characters are not allowed in FHIR strings: a " + type + " " + system + " value");
      }
      out = out == null ? new StringBuilder(json.length() + 256) : out;
      out.append(json, last, m.start(2)).append(identifiers.seal(system, value));
      last = m.end(2);
    }
    return out == null ? json : out.append(json, last, json.length()).toString();
  }

  /**
   * Stored JSON with its sealed values opened: exactly the JSON before sealing. Costs one {@code
   * indexOf} when nothing is sealed.
   *
   * @throws IllegalStateException when a sealed value does not open (altered, moved, unknown key);
   *     the message names no value
   */
  public String open(String json) {
    if (json == null || !json.contains(SEALED_START)) {
      return json;
    }
    Matcher m = SYSTEM_VALUE.matcher(json);
    StringBuilder out = new StringBuilder(json.length());
    int last = 0;
    int opened = 0;
    while (m.find()) {
      if (!m.group(2).startsWith(PersonalIdentifiers.SEALED_PREFIX)) {
        continue;
      }
      String clear = identifiers.open(unescape(m.group(1)), m.group(2));
      out.append(json, last, m.start(2)).append(escape(clear));
      last = m.end(2);
      opened++;
    }
    if (opened != count(json)) {
      throw new IllegalStateException("A sealed value is stored where no identifier or phone value is: it was moved there");
    }
    return out.append(json, last, json.length()).toString();
  }

  /** Whether two stored forms hold the same resource, whatever keys and nonces sealed them. */
  public boolean same(String a, String b) {
    return a.equals(b) || (a.contains(SEALED_START) || b.contains(SEALED_START)) && open(a).equals(open(b));
  }

  /** One protected value of a stored resource, as {@link #reseal} met it. */
  public record Value(String system, String clear, boolean wasClear) {}

  /** Stored JSON with every value sealed by the active key, and the protected values it holds. */
  public record Resealed(String json, boolean changed, List<Value> values) {}

  /**
   * Reseals what an older key sealed and seals protected values stored clear (before their system
   * was protected); what the active key sealed stays as it is.
   */
  public Resealed reseal(String type, String json) {
    List<Value> values = new ArrayList<>();
    if (!TYPES.contains(type)) {
      return new Resealed(json, false, values);
    }
    Matcher m = SYSTEM_VALUE.matcher(json);
    StringBuilder out = new StringBuilder(json.length());
    int last = 0;
    boolean changed = false;
    while (m.find()) {
      String system = unescape(m.group(1));
      String stored = m.group(2);
      boolean sealed = stored.startsWith(PersonalIdentifiers.SEALED_PREFIX);
      if (!sealed && !identifiers.protects(system)) {
        continue;
      }
      String clear = sealed ? identifiers.open(system, stored) : unescape(stored);
      values.add(new Value(system, clear, !sealed));
      if (sealed && identifiers.sealedWithActiveKey(stored)) {
        continue;
      }
      out.append(json, last, m.start(2)).append(identifiers.seal(system, clear));
      last = m.end(2);
      changed = true;
    }
    return changed ? new Resealed(out.append(json, last, json.length()).toString(), true, values) : new Resealed(json, false, values);
  }

  /** How many JSON string values start like a sealed value (a quote inside a string is escaped, so preceded by a backslash). */
  private static int count(String json) {
    int n = 0;
    for (int i = json.indexOf(SEALED_START); i >= 0; i = json.indexOf(SEALED_START, i + 1)) {
      char before = i == 0 ? ' ' : json.charAt(i - 1);
      if (before == ':' || before == ',' || before == '[') {
        n++;
      }
    }
    return n;
  }

  /** The JSON string escapes as Jackson writes them (control characters never reach a sealed value). */
  static String escape(String s) {
    if (s.indexOf('"') < 0 && s.indexOf('\\') < 0 && s.chars().noneMatch(c -> c < 0x20)) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        b.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> b.append(e); // \" \\ \/
      }
    }
    return b.toString();
  }
}

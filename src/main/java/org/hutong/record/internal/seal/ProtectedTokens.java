package org.hutong.record.internal.seal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hutong.access.PersonalIdentifiers;
import org.hutong.platform.NamingSystems;
import org.hutong.record.internal.index.IndexValues;
import org.hutong.record.internal.index.StringNormalizer;

/**
 * Protected values in the search index: a protected identifier or phone number is indexed as its
 * blind index (under its system) instead of its value, and a token search on it is turned into a
 * search for the blind index. Exact matches only: {@code :contains}, {@code :text} on the value,
 * prefixes and sorting by value cannot work on a keyed hash, and do not.
 */
public final class ProtectedTokens {

  private enum Kind {
    IDENTIFIER,
    PHONE
  }

  /** The token parameters of {@link SealedJson#TYPES} whose values are identifiers or telecom. */
  private static final Map<String, Kind> PARAMS = Map.of("identifier", Kind.IDENTIFIER, "telecom", Kind.PHONE, "phone", Kind.PHONE);

  private final PersonalIdentifiers identifiers;

  public ProtectedTokens(PersonalIdentifiers identifiers) {
    this.identifiers = identifiers;
  }

  /**
   * Adds the index row of a protected value of a token parameter; false when the value is not a
   * protected one, and the caller indexes it as usual.
   */
  public boolean index(IndexValues values, String type, String param, IBase value) {
    if (!SealedJson.TYPES.contains(type)) {
      return false;
    }
    switch (value) {
      case Identifier i when i.hasValue() && identifiers.protects(i.getSystem()) -> {
        String display = i.getType().getText();
        values.tokens.add(
            new IndexValues.TokenValue(
                param, i.getSystem(), identifiers.blindIndex(i.getSystem(), i.getValue()), display == null ? null : StringNormalizer.normalize(display)));
        return true;
      }
      case ContactPoint cp when cp.hasValue() && cp.getSystem() == ContactPoint.ContactPointSystem.PHONE && identifiers.protects(NamingSystems.PHONE) -> {
        values.tokens.add(new IndexValues.TokenValue(param, NamingSystems.PHONE, identifiers.blindIndex(NamingSystems.PHONE, cp.getValue()), null));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * The values to search for instead of those of a token condition ({@code system|code} with search
   * escapes, ORed): {@code S|code} of a protected system becomes {@code S|index} for every index key;
   * a code without a system matches itself stored clear or any protected system's index of it.
   */
  public List<String> searchValues(String type, String param, String modifier, List<String> values) {
    Kind kind = SealedJson.TYPES.contains(type) ? PARAMS.get(param) : null;
    if (kind == null || (modifier != null && !modifier.equals("not"))) {
      return values;
    }
    List<String> out = new ArrayList<>();
    for (String raw : values) {
      int bar = bar(raw);
      if (bar < 0) {
        out.add(raw);
        String code = unescape(raw);
        for (String system : identifiers.systems()) {
          if ((kind == Kind.PHONE) == system.equals(NamingSystems.PHONE)) {
            identifiers.blindIndexes(system, code).forEach(index -> out.add(escape(system) + "|" + index));
          }
        }
        continue;
      }
      String system = unescape(raw.substring(0, bar));
      String code = unescape(raw.substring(bar + 1));
      if (code.isEmpty() || !identifiers.protects(system)) {
        out.add(raw);
        continue;
      }
      identifiers.blindIndexes(system, code).forEach(index -> out.add(raw.substring(0, bar) + "|" + index));
    }
    return out;
  }

  /** The first {@code |} not escaped with a backslash, or -1. */
  private static int bar(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '|') {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String value) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        c = value.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("|", "\\|").replace("$", "\\$");
  }
}

package org.hutong.quality.internal.rules;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Base;

/**
 * A simple FHIR element path ({@code Observation.value}, {@code Encounter.period.start}), parsed
 * once, walked with HAPI's generated property accessors: no FHIRPath engine on the write path. A
 * choice element is named without {@code [x]} ({@code Observation.effective}).
 */
public final class ElementPath {

  private final String text;
  private final String[] names;
  private final int[] hashes;

  private ElementPath(String text, String[] names) {
    this.text = text;
    this.names = names;
    this.hashes = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      hashes[i] = names[i].hashCode();
    }
  }

  /** Parses {@code Type.a.b}; the leading type is checked against {@code resourceType}. */
  public static ElementPath parse(String resourceType, String text) {
    if (text == null || !text.startsWith(resourceType + ".") || text.endsWith(".")) {
      throw new IllegalArgumentException("Path '" + text + "' must be " + resourceType + ".element[.element…]");
    }
    String[] names = text.substring(resourceType.length() + 1).split("\\.");
    for (String name : names) {
      if (!name.matches("[a-z][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("Path '" + text + "' has an invalid element name '" + name + "'");
      }
    }
    return new ElementPath(text, names);
  }

  /** The non-empty values at the path. */
  public List<Base> values(Base root) {
    List<Base> current = List.of(root);
    for (int i = 0; i < names.length; i++) {
      List<Base> next = new ArrayList<>(2);
      for (Base b : current) {
        Base[] children;
        try {
          children = b.getProperty(hashes[i], names[i], false);
        } catch (org.hl7.fhir.exceptions.FHIRException e) {
          children = null;
        }
        if (children != null) {
          for (Base c : children) {
            if (c != null && !c.isEmpty()) {
              next.add(c);
            }
          }
        }
      }
      if (next.isEmpty()) {
        return List.of();
      }
      current = next;
    }
    return current;
  }

  /** The first non-empty value at the path, or null. */
  public Base first(Base root) {
    List<Base> values = values(root);
    return values.isEmpty() ? null : values.getFirst();
  }

  /** Whether the path was declared valid for the type: checked against HAPI's model at load time. */
  public boolean validFor(Base root) {
    Base current = root;
    for (int i = 0; i < names.length; i++) {
      try {
        String[] types = current.getTypesForProperty(hashes[i], names[i]);
        if (types == null || types.length == 0) {
          return false;
        }
        if (i == names.length - 1) {
          return true;
        }
        Base child = current.makeProperty(hashes[i], names[i]);
        if (child == null) {
          return false;
        }
        current = child;
      } catch (org.hl7.fhir.exceptions.FHIRException | UnsupportedOperationException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}

package org.hutong.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The SMART on FHIR resource scopes a caller was granted, e.g. {@code patient/*.rs}, {@code
 * user/Observation.rs}, {@code system/*.cruds}. SMART v1 suffixes ({@code .read}, {@code .write},
 * {@code .*}) are read as their v2 equivalents. Scopes with a query ({@code ?category=…}) and
 * scopes this class does not understand grant nothing: deny by default.
 */
public final class Scopes {

  /** The context a scope is granted in: the patient in context, the user, or a system. */
  public enum Context {
    PATIENT,
    USER,
    SYSTEM
  }

  private record Grant(Context context, String type, Set<Interaction> interactions) {}

  private static final Scopes NONE = new Scopes(List.of(), Set.of());

  private final List<Grant> grants;
  private final Set<String> raw;

  private Scopes(List<Grant> grants, Set<String> raw) {
    this.grants = grants;
    this.raw = raw;
  }

  public static Scopes none() {
    return NONE;
  }

  /** Parses a space-separated scope string; non-resource scopes (openid, fhirUser…) are kept. */
  public static Scopes parse(String scopes) {
    if (scopes == null || scopes.isBlank()) {
      return NONE;
    }
    return of(List.of(scopes.trim().split("\\s+")));
  }

  public static Scopes of(Iterable<String> scopes) {
    List<Grant> grants = new ArrayList<>();
    Set<String> raw = new LinkedHashSet<>();
    for (String scope : scopes) {
      raw.add(scope);
      Grant grant = grant(scope);
      if (grant != null) {
        grants.add(grant);
      }
    }
    return new Scopes(List.copyOf(grants), Collections.unmodifiableSet(raw));
  }

  /** The grant a resource scope stands for, or null when it is not one we understand. */
  private static Grant grant(String scope) {
    int slash = scope.indexOf('/');
    int dot = scope.lastIndexOf('.');
    if (slash <= 0 || dot < slash + 2 || scope.indexOf('?') >= 0) {
      return null;
    }
    Context context =
        switch (scope.substring(0, slash)) {
          case "patient" -> Context.PATIENT;
          case "user" -> Context.USER;
          case "system" -> Context.SYSTEM;
          default -> null;
        };
    String type = scope.substring(slash + 1, dot);
    if (context == null || !(type.equals("*") || type.chars().allMatch(Character::isLetter))) {
      return null;
    }
    Set<Interaction> interactions = interactions(scope.substring(dot + 1));
    return interactions == null ? null : new Grant(context, type, interactions);
  }

  private static Set<Interaction> interactions(String suffix) {
    switch (suffix) {
      case "read":
        return EnumSet.of(Interaction.READ, Interaction.SEARCH);
      case "write":
        return EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE);
      case "*":
        return EnumSet.allOf(Interaction.class);
      default:
        break;
    }
    if (suffix.isEmpty()) {
      return null;
    }
    // v2 letters must appear in the order c, r, u, d, s, each at most once
    EnumSet<Interaction> found = EnumSet.noneOf(Interaction.class);
    int next = 0;
    Interaction[] order = Interaction.values();
    for (char letter : suffix.toCharArray()) {
      while (next < order.length && order[next].letter() != letter) {
        next++;
      }
      if (next == order.length) {
        return null;
      }
      found.add(order[next++]);
    }
    return found;
  }

  /** Whether some scope grants the interaction on the resource type in the given context. */
  public boolean permits(Context context, String resourceType, Interaction interaction) {
    for (Grant grant : grants) {
      if (grant.context == context
          && (grant.type.equals("*") || grant.type.equals(resourceType))
          && grant.interactions.contains(interaction)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a scope was granted literally (e.g. {@code openid}). */
  public boolean contains(String scope) {
    return raw.contains(scope);
  }

  public Set<String> asSet() {
    return raw;
  }

  @Override
  public String toString() {
    return String.join(" ", raw);
  }
}

package org.hutong.record.internal.write;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildContainedResources;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.IModelVisitor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.record.internal.ResourceTypes;

/**
 * Walks every reference in a resource once: rewrites placeholders ({@code urn:uuid:...}, conditional
 * references) to the ids they stand for, and rejects references to a resource type the element
 * may not point to (e.g. {@code Observation.subject} pointing at a Medication).
 *
 * <p>The walk is planned from the element definitions: it only descends into children whose
 * types can hold a Reference (for an Observation: subject, encounter, performer, ... but not
 * code, value or component), which is most of the cost of a walk over every element. References
 * inside extensions are not on that plan; {@link #mayHideReferences(String)} tells from the
 * encoded resource whether it has any extension, and then {@link #rewriteAndCheckAll} walks every
 * element, as before.
 */
final class References {

  private final FhirContext context;
  /** Per composite type: the children to descend into, in definition order. */
  private final Map<Class<?>, List<BaseRuntimeChildDefinition>> plans = new ConcurrentHashMap<>();
  /** The element definitions that can hold a Reference below them (extensions aside). */
  private final Set<BaseRuntimeElementDefinition<?>> holdsReferences;

  References(FhirContext context) {
    this.context = context;
    this.holdsReferences = holdersOfReferences(context);
  }

  /** A literal reference to a resource on this server, as written by the client. */
  record Local(String path, String type, String id) {
    Local in(String where) {
      return new Local(where + ": " + path, type, id);
    }
  }

  private static final java.util.regex.Pattern LOCAL =
      java.util.regex.Pattern.compile("([A-Z][A-Za-z]+)/(" + ResourceTypes.ID + ")(/_history/" + ResourceTypes.ID + ")?");

  /**
   * @param resolve maps a reference string to its replacement, or returns it unchanged
   * @return the literal references to this server that the resolver left unchanged: their
   *     targets must exist, which the caller checks once for the whole write ({@link
   *     #requireTargets})
   * @throws UnprocessableEntityException listing every reference of the wrong type
   */
  List<Local> rewriteAndCheck(IBaseResource resource, UnaryOperator<String> resolve) {
    List<String> problems = new ArrayList<>();
    List<Local> locals = new ArrayList<>();
    RuntimeResourceDefinition definition = context.getResourceDefinition(resource);
    walk(resource, definition, definition.getName(), resolve, problems, locals);
    throwIfAny(resource, problems);
    return locals;
  }

  /**
   * Fails unless every referenced resource exists (and is not deleted). Runs after the unit's
   * writes are flushed, inside its transaction, so resources created by the same bundle count.
   */
  static void requireTargets(List<Local> locals, org.hutong.record.internal.store.ResourceRepository repository) {
    if (locals.isEmpty()) {
      return;
    }
    Map<String, Set<String>> byType = new java.util.LinkedHashMap<>();
    for (Local l : locals) {
      byType.computeIfAbsent(l.type(), t -> new java.util.LinkedHashSet<>()).add(l.id());
    }
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : byType.entrySet()) {
      Set<String> found = repository.existing(e.getKey(), e.getValue());
      for (Local l : locals) {
        if (l.type().equals(e.getKey()) && !found.contains(l.id())) {
          missing.add(l.path() + " refers to " + l.type() + "/" + l.id() + ", which does not exist");
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new UnprocessableEntityException(String.join("; ", missing));
    }
  }

  /**
   * Whether encoded JSON holds a character FHIR strings may not: below U+0020 except tab,
   * carriage return and line feed. JSON writes those as escapes, so this scans the escapes only.
   */
  static boolean hasControlCharacter(String json) {
    for (int i = json.indexOf('\\'); i >= 0 && i + 1 < json.length(); i = json.indexOf('\\', i + 2)) {
      char c = json.charAt(i + 1);
      if (c == 'b' || c == 'f') {
        return true;
      }
      if (c == 'u' && i + 5 < json.length() && json.startsWith("00", i + 2)) {
        int code = Integer.parseInt(json.substring(i + 4, i + 6), 16);
        if (code < 0x20 && code != 0x09 && code != 0x0A && code != 0x0D) {
          return true;
        }
      }
    }
    return false;
  }

  /** The paths of string values holding control characters, to name them in the error. */
  List<String> controlCharacterPaths(IBaseResource resource) {
    List<String> paths = new ArrayList<>();
    String type = context.getResourceType(resource);
    context.newTerser().visit(resource, new IModelVisitor() {
      @Override
      public void acceptElement(IBaseResource owner, IBase element, List<String> path, BaseRuntimeChildDefinition child,
          BaseRuntimeElementDefinition<?> definition) {
        if (element instanceof org.hl7.fhir.instance.model.api.IPrimitiveType<?> primitive) {
          String v = primitive.getValueAsString();
          if (v != null && v.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
            paths.add(type + "." + String.join(".", path));
          }
        }
      }
    });
    return paths;
  }

  /**
   * Whether the encoded resource may have references the planned walk does not visit: those in
   * extensions ({@code "extension"}, {@code "modifierExtension"}).
   */
  static boolean mayHideReferences(String json) {
    return json.contains("xtension\"");
  }

  private void walk(
      IBase element, BaseRuntimeElementCompositeDefinition<?> definition, String path, UnaryOperator<String> resolve,
      List<String> problems, List<Local> locals) {
    for (BaseRuntimeChildDefinition child : plan(definition)) {
      List<IBase> values = child.getAccessor().getValues(element);
      if (values.isEmpty()) {
        continue;
      }
      String childPath = path + "." + child.getElementName();
      for (IBase value : values) {
        if (value instanceof Reference reference) {
          check(reference, child, childPath, resolve, problems, locals);
        } else if (value instanceof IBaseResource contained) {
          RuntimeResourceDefinition def = context.getResourceDefinition(contained);
          walk(contained, def, def.getName(), resolve, problems, locals);
        } else if (child.getChildElementDefinitionByDatatype(value.getClass())
            instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
          walk(value, composite, childPath, resolve, problems, locals);
        }
      }
    }
  }

  private List<BaseRuntimeChildDefinition> plan(BaseRuntimeElementCompositeDefinition<?> definition) {
    return plans.computeIfAbsent(
        definition.getImplementingClass(),
        c -> {
          List<BaseRuntimeChildDefinition> children = new ArrayList<>();
          for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            if (mayHold(child, holdsReferences)) {
              children.add(child);
            }
          }
          return List.copyOf(children);
        });
  }

  /** Resolves and checks one reference; true when it was rewritten. */
  private boolean check(
      Reference reference, BaseRuntimeChildDefinition child, String path, UnaryOperator<String> resolve,
      List<String> problems, List<Local> locals) {
    if (!reference.hasReference()) {
      return false;
    }
    String value = reference.getReference();
    String resolved = resolve.apply(value);
    boolean rewritten = !resolved.equals(value);
    if (rewritten) {
      reference.setReference(resolved);
    } else if (locals != null) {
      java.util.regex.Matcher m = LOCAL.matcher(value);
      if (m.matches()) {
        locals.add(new Local(path, m.group(1), m.group(2)));
      }
    }
    String targetType = reference.getReferenceElement().getResourceType();
    if (targetType != null && child instanceof RuntimeChildResourceDefinition refChild && !allows(refChild, targetType)) {
      problems.add(path + " may not refer to a " + targetType + " (" + resolved + ")");
    }
    return rewritten;
  }

  /** The walk over every element, extensions included; true when it rewrote a reference. */
  boolean rewriteAndCheckAll(IBaseResource resource, UnaryOperator<String> resolve) {
    List<String> problems = new ArrayList<>();
    boolean[] rewritten = {false};
    context
        .newTerser()
        .visit(
            resource,
            new IModelVisitor() {
              @Override
              public void acceptElement(
                  IBaseResource owner,
                  IBase element,
                  List<String> path,
                  BaseRuntimeChildDefinition child,
                  BaseRuntimeElementDefinition<?> definition) {
                if (element instanceof Reference reference && check(reference, child, String.join(".", path), resolve, problems, null)) {
                  rewritten[0] = true;
                }
              }
            });
    throwIfAny(resource, problems);
    return rewritten[0];
  }

  private void throwIfAny(IBaseResource resource, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new UnprocessableEntityException(context.getResourceType(resource) + ": " + String.join("; ", problems));
    }
  }

  private boolean allows(RuntimeChildResourceDefinition child, String targetType) {
    for (Class<? extends IBaseResource> allowed : child.getResourceTypes()) {
      if (!Resource.class.isAssignableFrom(allowed) || allowed == Resource.class
          || allowed.getSimpleName().equals("DomainResource")) {
        return true;
      }
      if (context.getResourceType(allowed).equals(targetType)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- planning

  private static boolean skipped(BaseRuntimeChildDefinition child) {
    String name = child.getElementName();
    return name.equals("extension") || name.equals("modifierExtension");
  }

  private static boolean mayHold(BaseRuntimeChildDefinition child, Set<BaseRuntimeElementDefinition<?>> holders) {
    if (skipped(child)) {
      return false;
    }
    if (child instanceof RuntimeChildContainedResources || child instanceof RuntimeChildResourceDefinition) {
      return true;
    }
    for (String name : child.getValidChildNames()) {
      BaseRuntimeElementDefinition<?> type = child.getChildByName(name);
      if (type != null && (Reference.class.isAssignableFrom(type.getImplementingClass()) || holders.contains(type))) {
        return true;
      }
    }
    return false;
  }

  /** Every composite definition reachable from the resource types that can hold a Reference. */
  private static Set<BaseRuntimeElementDefinition<?>> holdersOfReferences(FhirContext context) {
    Map<BaseRuntimeElementDefinition<?>, List<BaseRuntimeChildDefinition>> composites = new HashMap<>();
    List<BaseRuntimeElementDefinition<?>> queue = new ArrayList<>();
    for (String type : context.getResourceTypes()) {
      queue.add(context.getResourceDefinition(type));
    }
    while (!queue.isEmpty()) {
      BaseRuntimeElementDefinition<?> next = queue.removeLast();
      if (!(next instanceof BaseRuntimeElementCompositeDefinition<?> composite) || composites.containsKey(next)) {
        continue;
      }
      composites.put(next, composite.getChildren());
      for (BaseRuntimeChildDefinition child : composite.getChildren()) {
        if (skipped(child)) {
          continue;
        }
        for (String name : child.getValidChildNames()) {
          BaseRuntimeElementDefinition<?> type = child.getChildByName(name);
          if (type != null) {
            queue.add(type);
          }
        }
      }
    }
    Set<BaseRuntimeElementDefinition<?>> holders = new HashSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<BaseRuntimeElementDefinition<?>, List<BaseRuntimeChildDefinition>> e : composites.entrySet()) {
        if (holders.contains(e.getKey())) {
          continue;
        }
        for (BaseRuntimeChildDefinition child : e.getValue()) {
          if (mayHold(child, holders)) {
            holders.add(e.getKey());
            changed = true;
            break;
          }
        }
      }
    }
    return Set.copyOf(holders);
  }
}

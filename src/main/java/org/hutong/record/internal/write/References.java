package org.hutong.record.internal.write;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.IModelVisitor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Walks every reference in a resource once: rewrites placeholders ({@code urn:uuid:...}, conditional
 * references) to the ids they stand for, and rejects references to a resource type the element
 * may not point to (e.g. {@code Observation.subject} pointing at a Medication).
 */
final class References {

  private final FhirContext context;

  References(FhirContext context) {
    this.context = context;
  }

  /** A literal reference to a resource on this server, as written by the client. */
  record Local(String path, String type, String id) {}

  private static final java.util.regex.Pattern LOCAL =
      java.util.regex.Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?");

  /**
   * @param resolve maps a reference string to its replacement, or returns it unchanged
   * @return the literal references to this server that the resolver left unchanged: their
   *     targets must exist, which the caller checks once for the whole write
   * @throws UnprocessableEntityException listing every reference of the wrong type
   */
  List<Local> rewriteAndCheck(IBaseResource resource, UnaryOperator<String> resolve) {
    List<String> problems = new ArrayList<>();
    List<String> controls = new ArrayList<>();
    List<Local> locals = new ArrayList<>();
    String ownerType = context.getResourceType(resource);
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
                if (element instanceof org.hl7.fhir.instance.model.api.IPrimitiveType<?> primitive
                    && hasControlCharacter(primitive.getValueAsString())) {
                  controls.add(ownerType + "." + String.join(".", path));
                }
                if (!(element instanceof Reference reference) || !reference.hasReference()) {
                  return;
                }
                String value = reference.getReference();
                String resolved = resolve.apply(value);
                if (!resolved.equals(value)) {
                  reference.setReference(resolved);
                } else {
                  java.util.regex.Matcher m = LOCAL.matcher(value);
                  if (m.matches()) {
                    locals.add(new Local(ownerType + "." + String.join(".", path), m.group(1), m.group(2)));
                  }
                }
                String targetType = reference.getReferenceElement().getResourceType();
                if (targetType != null
                    && child instanceof RuntimeChildResourceDefinition refChild
                    && !allows(refChild, targetType)) {
                  problems.add(
                      ownerType + "." + String.join(".", path) + " may not refer to a " + targetType + " (" + resolved + ")");
                }
              }
            });
    if (!controls.isEmpty()) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
          "Control characters are not allowed in FHIR strings: " + String.join(", ", controls));
    }
    if (!problems.isEmpty()) {
      throw new UnprocessableEntityException(String.join("; ", problems));
    }
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
    java.util.Map<String, java.util.Set<String>> byType = new java.util.LinkedHashMap<>();
    for (Local l : locals) {
      byType.computeIfAbsent(l.type(), t -> new java.util.LinkedHashSet<>()).add(l.id());
    }
    List<String> missing = new ArrayList<>();
    for (var e : byType.entrySet()) {
      java.util.Set<String> found = repository.existing(e.getKey(), e.getValue());
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

  /** FHIR strings may hold no character below U+0020 except tab, carriage return and line feed. */
  static boolean hasControlCharacter(String value) {
    if (value == null) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
        return true;
      }
    }
    return false;
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
}

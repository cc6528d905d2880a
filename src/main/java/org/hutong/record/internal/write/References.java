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

  /**
   * @param resolve maps a reference string to its replacement, or returns it unchanged
   * @throws UnprocessableEntityException listing every reference of the wrong type
   */
  void rewriteAndCheck(IBaseResource resource, UnaryOperator<String> resolve) {
    List<String> problems = new ArrayList<>();
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
                if (!(element instanceof Reference reference) || !reference.hasReference()) {
                  return;
                }
                String value = reference.getReference();
                String resolved = resolve.apply(value);
                if (!resolved.equals(value)) {
                  reference.setReference(resolved);
                }
                String targetType = reference.getReferenceElement().getResourceType();
                if (targetType != null
                    && child instanceof RuntimeChildResourceDefinition refChild
                    && !allows(refChild, targetType)) {
                  problems.add(
                      String.join(".", path) + " may not refer to a " + targetType + " (" + resolved + ")");
                }
              }
            });
    if (!problems.isEmpty()) {
      throw new UnprocessableEntityException(
          context.getResourceType(resource) + ": " + String.join("; ", problems));
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
}

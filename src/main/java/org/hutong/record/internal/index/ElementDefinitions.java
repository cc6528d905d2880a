package org.hutong.record.internal.index;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** HAPI's element definitions with child look-ups cached, for walking resources fast. */
public final class ElementDefinitions {

  private static final Object NO_CHILD = new Object();

  private final FhirContext context;
  private final Map<Class<?>, Map<String, Object>> children = new ConcurrentHashMap<>();

  public ElementDefinitions(FhirContext context) {
    this.context = context;
  }

  public FhirContext context() {
    return context;
  }

  /** The child called {@code name} (or {@code name[x]}) of the element's type, or null. */
  BaseRuntimeChildDefinition child(IBase element, String name) {
    Map<String, Object> byName = children.computeIfAbsent(element.getClass(), c -> new ConcurrentHashMap<>());
    Object child = byName.computeIfAbsent(name, n -> lookUp(element.getClass(), n));
    return child == NO_CHILD ? null : (BaseRuntimeChildDefinition) child;
  }

  private Object lookUp(Class<?> type, String name) {
    @SuppressWarnings("unchecked")
    BaseRuntimeElementDefinition<?> definition =
        IBaseResource.class.isAssignableFrom(type)
            ? context.getResourceDefinition((Class<? extends IBaseResource>) type)
            : context.getElementDefinition((Class<? extends IBase>) type);
    if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
      return NO_CHILD;
    }
    BaseRuntimeChildDefinition found = composite.getChildByName(name);
    if (found == null) {
      found = composite.getChildByName(name + "[x]");
    }
    return found == null ? NO_CHILD : found;
  }
}

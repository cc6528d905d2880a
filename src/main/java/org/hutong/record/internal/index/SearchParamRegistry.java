package org.hutong.record.internal.index;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hutong.record.internal.ResourceTypes;

/**
 * The search parameters of every stored resource type: the built-in R4 parameters whose
 * expressions we can compile, plus {@code _tag}, {@code _profile}, {@code _security} on meta.
 * {@code _id} and {@code _lastUpdated} live on the resource row itself.
 */
public final class SearchParamRegistry {

  private final ElementDefinitions definitions;
  private final Map<String, Map<String, SearchParam>> byType = new LinkedHashMap<>();

  public SearchParamRegistry(ElementDefinitions definitions) {
    this.definitions = definitions;
    for (String type : ResourceTypes.STORED) {
      byType.put(type, Collections.unmodifiableMap(compile(type)));
    }
  }

  private Map<String, SearchParam> compile(String type) {
    RuntimeResourceDefinition resource = definitions.context().getResourceDefinition(type);
    Map<String, SearchParam> params = new LinkedHashMap<>();
    for (RuntimeSearchParam p : resource.getSearchParams()) {
      ParamType paramType = typeOf(p);
      if (paramType == null || p.getName().equals("_id") || p.getName().equals("_lastUpdated")) {
        continue;
      }
      List<ElementPath> paths = ElementPath.compile(p.getPath(), type);
      if (paths == null) {
        continue;
      }
      Set<String> targets = new TreeSet<>(p.getTargets());
      paths.stream().map(ElementPath::targetType).filter(t -> t != null).forEach(targets::add);
      boolean compartment =
          p.getProvidesMembershipInCompartments() != null
              && p.getProvidesMembershipInCompartments().contains("Patient");
      params.put(p.getName(), new SearchParam(p.getName(), paramType, paths, Set.copyOf(targets), compartment));
    }
    meta(params, "_tag", ParamType.TOKEN, "Resource.meta.tag", type);
    meta(params, "_security", ParamType.TOKEN, "Resource.meta.security", type);
    meta(params, "_profile", ParamType.URI, "Resource.meta.profile", type);
    return params;
  }

  private static void meta(Map<String, SearchParam> params, String name, ParamType type, String path, String resourceType) {
    params.putIfAbsent(name, new SearchParam(name, type, ElementPath.compile(path, resourceType), Set.of(), false));
  }

  private static ParamType typeOf(RuntimeSearchParam p) {
    return switch (p.getParamType()) {
      case STRING -> ParamType.STRING;
      case TOKEN -> ParamType.TOKEN;
      case DATE -> ParamType.DATE;
      case REFERENCE -> ParamType.REFERENCE;
      case QUANTITY -> ParamType.QUANTITY;
      case NUMBER -> ParamType.NUMBER;
      case URI -> ParamType.URI;
      default -> null; // composite and special parameters are not offered
    };
  }

  public Optional<SearchParam> find(String resourceType, String name) {
    return Optional.ofNullable(byType.getOrDefault(resourceType, Map.of()).get(name));
  }

  public Map<String, SearchParam> forType(String resourceType) {
    return byType.getOrDefault(resourceType, Map.of());
  }

  public ElementDefinitions definitions() {
    return definitions;
  }
}

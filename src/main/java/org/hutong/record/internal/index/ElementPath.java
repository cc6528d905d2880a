package org.hutong.record.internal.index;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * A search parameter's FHIRPath expression compiled to a walk over HAPI's element definitions.
 * Covers the forms the R4 search parameters of our resource types use: dotted paths, {@code as
 * Type} / {@code .as(Type)} / {@code .ofType(Type)} on choice elements, {@code
 * .where(resolve() is Type)} on references and {@code .where(field='value')}. Expressions beyond
 * that are reported as not compilable and the parameter is not offered.
 */
public final class ElementPath {

  private static final Pattern DOTTED = Pattern.compile("([A-Za-z]+)((?:\\.[a-zA-Z]+)*)");
  private static final Pattern AS_TYPE =
      Pattern.compile("(.+?)(?: as |\\.as\\(|\\.ofType\\()([A-Za-z]+)\\)?");
  /** {@code (Observation.value as CodeableConcept).text}: a choice narrowed, then a path into it. */
  private static final Pattern AS_TYPE_THEN =
      Pattern.compile("\\(([A-Za-z]+(?:\\.[a-zA-Z]+)*) as ([A-Za-z]+)\\)((?:\\.[a-zA-Z]+)+)");
  private static final Pattern RESOLVE_IS =
      Pattern.compile("(.+)\\.where\\(resolve\\(\\) is ([A-Za-z]+)\\)");
  private static final Pattern WHERE_EQUALS =
      Pattern.compile("(.+)\\.where\\(([a-zA-Z]+) ?= ?'([^']*)'\\)");

  private final List<String> steps;
  private final String targetType;
  private final String whereField;
  private final String whereValue;

  private ElementPath(List<String> steps, String targetType, String whereField, String whereValue) {
    this.steps = steps;
    this.targetType = targetType;
    this.whereField = whereField;
    this.whereValue = whereValue;
  }

  /**
   * Compiles the parts of an expression that apply to {@code resourceType}.
   *
   * @return the paths, or {@code null} when some part is beyond what we compile
   */
  public static List<ElementPath> compile(String expression, String resourceType) {
    if (expression == null || expression.isBlank()) {
      return null;
    }
    List<ElementPath> paths = new ArrayList<>();
    for (String raw : splitUnion(expression)) {
      String part = unwrap(raw.trim());
      ElementPath path = compilePart(part);
      if (path == null) {
        return null;
      }
      String root = path.steps.getFirst();
      if (root.equals(resourceType) || root.equals("Resource") || root.equals("DomainResource")) {
        paths.add(path.withoutRoot());
      }
    }
    return paths.isEmpty() ? null : List.copyOf(paths);
  }

  private static ElementPath compilePart(String part) {
    Matcher m = RESOLVE_IS.matcher(part);
    if (m.matches()) {
      ElementPath base = compilePart(unwrap(m.group(1)));
      return base == null ? null : new ElementPath(base.steps, m.group(2), null, null);
    }
    m = WHERE_EQUALS.matcher(part);
    if (m.matches()) {
      ElementPath base = compilePart(unwrap(m.group(1)));
      return base == null ? null : new ElementPath(base.steps, null, m.group(2), m.group(3));
    }
    m = AS_TYPE_THEN.matcher(part);
    if (m.matches()) {
      List<String> steps = new ArrayList<>(List.of(m.group(1).split("\\.")));
      String type = m.group(2);
      String last = steps.removeLast();
      steps.add(last + Character.toUpperCase(type.charAt(0)) + type.substring(1));
      steps.addAll(List.of(m.group(3).substring(1).split("\\.")));
      return new ElementPath(steps, null, null, null);
    }
    m = AS_TYPE.matcher(part);
    if (m.matches() && DOTTED.matcher(unwrap(m.group(1))).matches()) {
      List<String> steps = new ArrayList<>(List.of(unwrap(m.group(1)).split("\\.")));
      String type = m.group(2);
      String last = steps.removeLast();
      steps.add(last + Character.toUpperCase(type.charAt(0)) + type.substring(1));
      return new ElementPath(steps, null, null, null);
    }
    if (DOTTED.matcher(part).matches()) {
      return new ElementPath(List.of(part.split("\\.")), null, null, null);
    }
    return null;
  }

  private ElementPath withoutRoot() {
    return new ElementPath(steps.subList(1, steps.size()), targetType, whereField, whereValue);
  }

  private static List<String> splitUnion(String expression) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        parts.add(expression.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(expression.substring(start));
    return parts;
  }

  private static String unwrap(String part) {
    while (part.startsWith("(") && part.endsWith(")") && balanced(part.substring(1, part.length() - 1))) {
      part = part.substring(1, part.length() - 1).trim();
    }
    return part;
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (char c : s.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  /** The resource type a {@code .where(resolve() is X)} restricts references to, or null. */
  public String targetType() {
    return targetType;
  }

  /** The values at this path in {@code root}. */
  public List<IBase> evaluate(ElementDefinitions definitions, IBase root) {
    List<IBase> current = List.of(root);
    for (String step : steps) {
      List<IBase> next = new ArrayList<>();
      for (IBase value : current) {
        BaseRuntimeChildDefinition child = definitions.child(value, step);
        if (child == null) {
          continue;
        }
        for (IBase item : child.getAccessor().getValues(value)) {
          if (item != null && (!isChoiceSpecific(child, step) || step.equals(child.getChildNameByDatatype(item.getClass())))) {
            next.add(item);
          }
        }
      }
      if (next.isEmpty()) {
        return List.of();
      }
      current = next;
    }
    if (whereField != null) {
      current = current.stream().filter(v -> whereMatches(definitions, v)).toList();
    }
    if (targetType != null) {
      current = current.stream().filter(this::pointsToTarget).toList();
    }
    return current;
  }

  private boolean whereMatches(ElementDefinitions definitions, IBase value) {
    BaseRuntimeChildDefinition child = definitions.child(value, whereField);
    if (child == null) {
      return false;
    }
    for (IBase item : child.getAccessor().getValues(value)) {
      if (item instanceof IPrimitiveType<?> primitive && whereValue.equals(primitive.getValueAsString())) {
        return true;
      }
    }
    return false;
  }

  private boolean pointsToTarget(IBase value) {
    if (value instanceof IBaseReference reference) {
      String type = reference.getReferenceElement().getResourceType();
      return type == null || type.equals(targetType);
    }
    return true;
  }

  private static boolean isChoiceSpecific(BaseRuntimeChildDefinition child, String step) {
    return !child.getElementName().equals(step) && !step.endsWith("[x]");
  }

  @Override
  public String toString() {
    return String.join(".", steps)
        + (targetType != null ? " -> " + targetType : "")
        + (whereField != null ? " where " + whereField + "=" + whereValue : "");
  }
}

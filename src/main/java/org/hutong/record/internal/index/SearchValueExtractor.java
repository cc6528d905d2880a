package org.hutong.record.internal.index;

import java.math.BigDecimal;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.hutong.record.internal.seal.ProtectedTokens;

/**
 * Extracts the values of every search parameter from a resource once, at write time, into typed
 * rows for the index tables (search never parses stored JSON).
 */
public final class SearchValueExtractor {

  private final SearchParamRegistry registry;
  private final ProtectedTokens protectedTokens;

  public SearchValueExtractor(SearchParamRegistry registry, ProtectedTokens protectedTokens) {
    this.registry = registry;
    this.protectedTokens = protectedTokens;
  }

  public IndexValues extract(IBaseResource resource) {
    String type = registry.definitions().context().getResourceType(resource);
    IndexValues values = new IndexValues();
    for (SearchParam param : registry.forType(type).values()) {
      for (ElementPath path : param.paths()) {
        for (IBase value : path.evaluate(registry.definitions(), resource)) {
          add(values, type, param, value);
        }
      }
    }
    values.patientId = type.equals("Patient") ? resource.getIdElement().getIdPart() : compartmentOwner(values, type);
    return values;
  }

  /**
   * Whose record the resource is part of: the Patient it is about ({@code patient} or {@code
   * subject}), else the first Patient that another compartment reference (performer, author, ...)
   * names. A patient who performed or wrote something for another patient does not take it over.
   */
  private String compartmentOwner(IndexValues values, String type) {
    String other = null;
    for (IndexValues.ReferenceValue ref : values.references) {
      if (!ref.targetType().equals("Patient")) {
        continue;
      }
      boolean member = registry.find(type, ref.param()).map(SearchParam::patientCompartment).orElse(false);
      if (ref.param().equals("patient") || (member && ref.param().equals("subject"))) {
        return ref.targetId();
      }
      if (member && other == null) {
        other = ref.targetId();
      }
    }
    return other;
  }

  private void add(IndexValues values, String type, SearchParam param, IBase value) {
    String name = param.name();
    switch (param.type()) {
      case STRING -> strings(values, name, value);
      case TOKEN -> {
        if (!protectedTokens.index(values, type, name, value)) {
          tokens(values, name, value);
        }
      }
      case DATE -> dates(values, name, value);
      case REFERENCE -> references(values, param, value);
      case QUANTITY, NUMBER -> quantities(values, name, value);
      case URI -> {
        if (value instanceof IPrimitiveType<?> p && p.getValueAsString() != null) {
          values.uris.add(new IndexValues.UriValue(name, p.getValueAsString()));
        }
      }
    }
  }

  private static void strings(IndexValues values, String name, IBase value) {
    switch (value) {
      case HumanName n -> {
        string(values, name, n.getFamily());
        n.getGiven().forEach(g -> string(values, name, g.getValue()));
        n.getPrefix().forEach(g -> string(values, name, g.getValue()));
        n.getSuffix().forEach(g -> string(values, name, g.getValue()));
        string(values, name, n.getText());
      }
      case Address a -> {
        a.getLine().forEach(l -> string(values, name, l.getValue()));
        string(values, name, a.getCity());
        string(values, name, a.getDistrict());
        string(values, name, a.getState());
        string(values, name, a.getPostalCode());
        string(values, name, a.getCountry());
        string(values, name, a.getText());
      }
      case IPrimitiveType<?> p -> string(values, name, p.getValueAsString());
      default -> {}
    }
  }

  private static void string(IndexValues values, String name, String text) {
    if (text != null && !text.isBlank()) {
      values.strings.add(new IndexValues.StringValue(name, StringNormalizer.normalize(text), text));
    }
  }

  private static void tokens(IndexValues values, String name, IBase value) {
    switch (value) {
      case CodeableConcept cc -> {
        boolean textIndexed = false;
        for (Coding c : cc.getCoding()) {
          textIndexed |= !c.hasDisplay() && c.hasCode();
          token(values, name, c.getSystem(), c.getCode(), c.hasDisplay() ? c.getDisplay() : cc.getText());
        }
        if (cc.hasText() && !textIndexed) {
          // the concept's own text is searchable with :text even when every coding has a display
          values.tokens.add(new IndexValues.TokenValue(name, null, null, StringNormalizer.normalize(cc.getText())));
        }
      }
      case Coding c -> token(values, name, c.getSystem(), c.getCode(), c.getDisplay());
      case Identifier i -> token(values, name, i.getSystem(), i.getValue(), i.getType().getText());
      case ContactPoint cp ->
          token(values, name, cp.hasSystem() ? cp.getSystem().toCode() : null, cp.getValue(), null);
      case Enumeration<?> e -> token(values, name, e.getSystem(), e.getValueAsString(), null);
      case IPrimitiveType<?> p -> token(values, name, null, p.getValueAsString(), null);
      default -> {}
    }
  }

  private static void token(IndexValues values, String name, String system, String code, String display) {
    if (code != null && !code.isEmpty()) {
      // display is only searched with :text, which compares like a string
      values.tokens.add(
          new IndexValues.TokenValue(name, emptyToNull(system), code, display == null ? null : StringNormalizer.normalize(display)));
    }
  }

  private static void dates(IndexValues values, String name, IBase value) {
    DateRange range =
        switch (value) {
          case BaseDateTimeType d when d.getValueAsString() != null -> DateRange.parse(d.getValueAsString());
          case Period p when p.hasStart() || p.hasEnd() -> DateRange.span(range(p.getStartElement()), range(p.getEndElement()));
          case Timing t when t.hasEvent() -> timing(t);
          default -> null;
        };
    if (range != null) {
      values.dates.add(new IndexValues.DateValue(name, range));
    }
  }

  private static DateRange range(BaseDateTimeType value) {
    return value == null || value.getValueAsString() == null ? null : DateRange.parse(value.getValueAsString());
  }

  private static DateRange timing(Timing timing) {
    DateRange first = null;
    DateRange last = null;
    for (var event : timing.getEvent()) {
      DateRange r = range(event);
      if (r == null) {
        continue;
      }
      first = first == null || r.low().isBefore(first.low()) ? r : first;
      last = last == null || r.high().isAfter(last.high()) ? r : last;
    }
    return first == null ? null : new DateRange(first.low(), last.high());
  }

  private static void references(IndexValues values, SearchParam param, IBase value) {
    if (!(value instanceof Reference reference) || !reference.hasReference()) {
      return;
    }
    IIdType id = reference.getReferenceElement();
    String type = id.getResourceType();
    if (type == null || id.getIdPart() == null || id.getValue().startsWith("#")) {
      return; // contained, urn or logical-only references are not searchable by id
    }
    if (!param.targets().isEmpty() && !param.targets().contains(type)) {
      return;
    }
    values.references.add(new IndexValues.ReferenceValue(param.name(), type, id.getIdPart()));
  }

  private static void quantities(IndexValues values, String name, IBase value) {
    switch (value) {
      case Quantity q when q.hasValue() ->
          quantity(values, name, q.getValue(), q.getSystem(), q.hasCode() ? q.getCode() : q.getUnit());
      case Money m when m.hasValue() -> quantity(values, name, m.getValue(), "urn:iso:std:iso:4217", m.getCurrency());
      case DecimalType d when d.getValue() != null -> quantity(values, name, d.getValue(), null, null);
      case IntegerType i when i.getValue() != null -> quantity(values, name, BigDecimal.valueOf(i.getValue()), null, null);
      case Range r -> {
        if (r.hasLow()) quantities(values, name, r.getLow());
        if (r.hasHigh()) quantities(values, name, r.getHigh());
      }
      default -> {}
    }
  }

  private static void quantity(IndexValues values, String name, BigDecimal v, String system, String code) {
    values.quantities.add(new IndexValues.QuantityValue(name, v, emptyToNull(system), emptyToNull(code)));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

}

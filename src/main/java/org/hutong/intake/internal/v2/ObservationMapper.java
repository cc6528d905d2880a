package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.IS;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Quantity.QuantityComparator;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * One OBX result as an Observation: its value by the OBX-2 value type, units (UCUM when they look
 * like UCUM), reference range, abnormal flags and status.
 */
final class ObservationMapper {

  /** Units written the UCUM way: no spaces, no Han characters, only UCUM's punctuation. */
  private static final Pattern UCUM_LIKE = Pattern.compile("[A-Za-z%/\\[{][A-Za-z0-9%*/.\\[\\]{}^'-]*|10\\*[0-9]+(/[A-Za-z\\[\\]{}.0-9]+)?");
  private static final String NUMBER = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)";
  private static final Pattern RANGE = Pattern.compile("(" + NUMBER + ")\\s*(?:-|~|～|—|–)\\s*(" + NUMBER + ")");
  private static final Pattern BOUND = Pattern.compile("(<=|>=|<|>|≤|≥)\\s*(" + NUMBER + ")");

  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("H", "High"), Map.entry("L", "Low"), Map.entry("HH", "Critical high"), Map.entry("LL", "Critical low"),
      Map.entry("N", "Normal"), Map.entry("A", "Abnormal"), Map.entry("AA", "Critical abnormal"),
      Map.entry("HU", "Significantly high"), Map.entry("LU", "Significantly low"), Map.entry("U", "Significant change up"),
      Map.entry("D", "Significant change down"), Map.entry("POS", "Positive"), Map.entry("NEG", "Negative"),
      Map.entry("S", "Susceptible"), Map.entry("R", "Resistant"), Map.entry("I", "Intermediate"));

  private ObservationMapper() {}

  /**
   * Maps an OBX.
   *
   * @param occurrence the OBX's position in the message, for error locations and as set id when OBX-1 is empty
   * @param order the order number the observation identifier is built on ({@code {order}-{OBX-1}})
   * @param effective when the observation was made if OBX-14 does not say (OBR-7), or null
   */
  static Observation map(OBX obx, int occurrence, String order, DateTimeType effective, Reference patient, Sender sender)
      throws MappingException {
    String org = sender.organization();
    Observation observation = new Observation();
    String setId = V2Values.text(obx.getSetIDOBX());
    observation.addIdentifier(new Identifier().setSystem(V2Systems.observation(org))
        .setValue(order + "-" + (setId == null ? String.valueOf(occurrence) : setId)));
    observation.setStatus(status(V2Values.text(obx.getObservationResultStatus())));
    observation.addCategory(new CodeableConcept(new Coding(V2Systems.OBSERVATION_CATEGORY, "laboratory", "Laboratory")));
    CodeableConcept code = V2Values.codeable(obx.getObservationIdentifier(), org);
    if (code == null) {
      throw new MappingException("OBX", occurrence, 3, 1, MappingException.REQUIRED_FIELD_MISSING, "OBX-3 (observation identifier) is required");
    }
    observation.setCode(code);
    observation.setSubject(patient);
    DateTimeType own = V2Dates.dateTime(obx.getDateTimeOfTheObservation(), "OBX", occurrence, 14);
    observation.setEffective(own != null ? own : effective == null ? null : effective.copy());
    observation.addPerformer(PatientMapper.organization(org));
    String units = unitsCode(obx);
    observation.setValue(value(obx, occurrence, units, org));
    String range = V2Values.text(obx.getReferencesRange());
    if (range != null) {
      observation.addReferenceRange(referenceRange(range, units, obx));
    }
    for (IS flag : obx.getAbnormalFlags()) {
      String text = V2Values.text(flag);
      if (text != null) {
        String key = text.toUpperCase(Locale.ROOT);
        String display = FLAGS.get(key);
        observation.addInterpretation(display != null
            ? new CodeableConcept(new Coding(V2Systems.INTERPRETATION, key, display))
            : new CodeableConcept(new Coding(V2Systems.localCodes(org), text, null)));
      }
    }
    return observation;
  }

  /** Whether a unit looks like UCUM (mmol/L, g/L, 10*9/L, %, U/L), so that it can carry the UCUM system. */
  static boolean looksLikeUcum(String unit) {
    return unit != null && UCUM_LIKE.matcher(unit).matches();
  }

  private static org.hl7.fhir.r4.model.Type value(OBX obx, int occurrence, String units, String org) throws MappingException {
    Varies[] values = obx.getObservationValue();
    if (values.length == 0 || V2Values.isEmpty(values[0])) {
      return null;
    }
    String type = V2Values.text(obx.getValueType());
    type = type == null ? "ST" : type.toUpperCase(Locale.ROOT);
    switch (type) {
      case "NM" -> {
        return quantity(number(V2Values.component(values[0], 1), occurrence), units, obx);
      }
      case "SN" -> {
        return structuredNumeric(values[0], occurrence, units, obx);
      }
      case "CE", "CWE", "CNE" -> {
        return V2Values.codeable(values[0], org);
      }
      case "DT", "TS", "DTM" -> {
        String fhir = V2Dates.toFhir(V2Values.component(values[0], 1), false);
        if (fhir == null || fhir.isEmpty()) {
          throw dataTypeError(occurrence, "OBX-5 is not a valid HL7 date/time");
        }
        return new DateTimeType(fhir);
      }
      case "ED", "RP" -> {
        return null;
      }
      default -> {
        return new StringType(joined(values));
      }
    }
  }

  /** The text of every repetition of OBX-5, one line each (TX and FT results come as repetitions). */
  static String joined(Varies[] values) {
    StringBuilder text = new StringBuilder();
    for (Varies value : values) {
      String part = V2Values.component(value, 1);
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(part == null ? "" : part);
    }
    return text.toString();
  }

  private static org.hl7.fhir.r4.model.Type structuredNumeric(Varies value, int occurrence, String units, OBX obx)
      throws MappingException {
    String comparator = V2Values.component(value, 1);
    BigDecimal first = number(V2Values.component(value, 2), occurrence);
    String separator = V2Values.component(value, 3);
    String secondText = V2Values.component(value, 4);
    if (separator != null && secondText != null) {
      BigDecimal second = number(secondText, occurrence);
      if (":".equals(separator) || "/".equals(separator)) {
        return new Ratio().setNumerator(new Quantity().setValue(first)).setDenominator(new Quantity().setValue(second));
      }
      if ("-".equals(separator)) {
        return new Range().setLow(quantity(first, units, obx)).setHigh(quantity(second, units, obx));
      }
      throw dataTypeError(occurrence, "OBX-5 has a structured numeric separator that is not supported");
    }
    Quantity quantity = quantity(first, units, obx);
    if (comparator != null && !"=".equals(comparator)) {
      QuantityComparator c = switch (comparator) {
        case "<" -> QuantityComparator.LESS_THAN;
        case "<=" -> QuantityComparator.LESS_OR_EQUAL;
        case ">" -> QuantityComparator.GREATER_THAN;
        case ">=" -> QuantityComparator.GREATER_OR_EQUAL;
        default -> throw dataTypeError(occurrence, "OBX-5 has a structured numeric comparator that is not supported");
      };
      quantity.setComparator(c);
    }
    return quantity;
  }

  private static BigDecimal number(String text, int occurrence) throws MappingException {
    if (text == null) {
      throw dataTypeError(occurrence, "OBX-5 has no number");
    }
    if (!text.matches(NUMBER)) {
      throw dataTypeError(occurrence, "OBX-5 is not a number");
    }
    return new BigDecimal(text);
  }

  private static Quantity quantity(BigDecimal value, String units, OBX obx) {
    Quantity quantity = new Quantity().setValue(value);
    if (units != null) {
      String system = V2Values.component(obx.getUnits(), 3);
      boolean ucum = looksLikeUcum(units) || "UCUM".equalsIgnoreCase(system);
      String display = V2Values.component(obx.getUnits(), 2);
      quantity.setUnit(display != null && !ucum ? display : units);
      if (ucum) {
        quantity.setSystem(V2Systems.UCUM).setCode(units);
      }
    }
    return quantity;
  }

  private static String unitsCode(OBX obx) {
    String code = V2Values.component(obx.getUnits(), 1);
    return code != null ? code : V2Values.component(obx.getUnits(), 2);
  }

  private static Observation.ObservationReferenceRangeComponent referenceRange(String text, String units, OBX obx) {
    Observation.ObservationReferenceRangeComponent range = new Observation.ObservationReferenceRangeComponent();
    range.setText(text);
    Matcher between = RANGE.matcher(text);
    if (between.matches()) {
      range.setLow(quantity(new BigDecimal(between.group(1)), units, obx));
      range.setHigh(quantity(new BigDecimal(between.group(2)), units, obx));
      return range;
    }
    Matcher bound = BOUND.matcher(text);
    if (bound.matches()) {
      Quantity limit = quantity(new BigDecimal(bound.group(2)), units, obx);
      if (bound.group(1).startsWith(">") || bound.group(1).startsWith("≥")) {
        range.setLow(limit);
      } else {
        range.setHigh(limit);
      }
    }
    return range;
  }

  private static ObservationStatus status(String code) {
    if (code == null) {
      return ObservationStatus.FINAL;
    }
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "C" -> ObservationStatus.CORRECTED;
      case "P", "R", "S", "I" -> ObservationStatus.PRELIMINARY;
      case "X" -> ObservationStatus.CANCELLED;
      case "W", "D" -> ObservationStatus.ENTEREDINERROR;
      default -> ObservationStatus.FINAL;
    };
  }

  private static MappingException dataTypeError(int occurrence, String text) {
    return new MappingException("OBX", occurrence, 5, 0, MappingException.DATA_TYPE_ERROR, text);
  }
}

package org.hutong.intake.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Units, reference ranges and structured numbers of OBX results. */
class ObservationValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"mmol/L", "g/L", "10*9/L", "10*12/L", "%", "U/L", "umol/L", "mg/dL", "fL", "mm[Hg]", "/min"})
  void ucumLikeUnitsCarryTheUcumSystem(String unit) {
    assertThat(ObservationMapper.looksLikeUcum(unit)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"次/分", "个/HP", "mmol / L", "10^9/L 个", ""})
  void otherUnitsStayText(String unit) {
    assertThat(ObservationMapper.looksLikeUcum(unit)).isFalse();
  }

  /** The glucose OBX of the sample with another range, value type and value. */
  private static Observation glucoseWith(String type, String value, String units, String range) throws Exception {
    String text = Samples.text("oru_r01.hl7")
        .replace("OBX|1|NM|2345-7^葡萄糖^LN||7.8|mmol/L^mmol/L^UCUM|3.9-6.1|", "OBX|1|" + type + "|2345-7^葡萄糖^LN||" + value + "|" + units + "|" + range + "|");
    Bundle bundle = new V2Mapping().map(Samples.parse(text), Samples.SENDER).transaction();
    return Samples.resources(bundle, Observation.class).getFirst();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "3.9-6.1; 3.9; 6.1",
      "3.9～6.1; 3.9; 6.1",
      "-2.0 - 3; -2.0; 3",
      ">5; 5; ",
      ">=0.5; 0.5; ",
      "<1.0; ; 1.0",
      "阴性; ; "})
  void referenceRangesBecomeLowHighAndText(String range, String low, String high) throws Exception {
    Observation.ObservationReferenceRangeComponent parsed = glucoseWith("NM", "7.8", "mmol/L", range).getReferenceRangeFirstRep();
    assertThat(parsed.getText()).isEqualTo(range);
    assertThat(parsed.hasLow() ? parsed.getLow().getValue().toPlainString() : null).isEqualTo(low);
    assertThat(parsed.hasHigh() ? parsed.getHigh().getValue().toPlainString() : null).isEqualTo(high);
  }

  @org.junit.jupiter.api.Test
  void aNonUcumUnitIsKeptAsText() throws Exception {
    Observation observation = glucoseWith("NM", "72", "次/分", "60-100");
    assertThat(observation.getValueQuantity().getUnit()).isEqualTo("次/分");
    assertThat(observation.getValueQuantity().hasSystem()).isFalse();
    assertThat(observation.getReferenceRangeFirstRep().getLow().getUnit()).isEqualTo("次/分");
  }

  @org.junit.jupiter.api.Test
  void aStructuredRangeAndRatioMap() throws Exception {
    assertThat(glucoseWith("SN", "^2^-^5", "mmol/L", "").getValueRange().getHigh().getValue()).isEqualByComparingTo("5");
    assertThat(glucoseWith("SN", "^1^:^128", "", "").getValueRatio().getDenominator().getValue()).isEqualByComparingTo("128");
    assertThat(glucoseWith("SN", ">=^10", "mmol/L", "").getValueQuantity().getComparator().toCode()).isEqualTo(">=");
  }

  @org.junit.jupiter.api.Test
  void aDateResultIsADateTime() throws Exception {
    assertThat(glucoseWith("DT", "20240301", "", "").getValueDateTimeType().getValueAsString()).isEqualTo("2024-03-01");
  }
}

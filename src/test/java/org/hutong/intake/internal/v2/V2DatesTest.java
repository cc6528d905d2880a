package org.hutong.intake.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.time.api.constraints.DateTimeRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HL7 times become FHIR dateTimes of the same precision, China Standard Time unless they say otherwise. */
class V2DatesTest {

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "2024; 2024",
      "202403; 2024-03",
      "20240315; 2024-03-15",
      "2024031508; 2024-03-15T08:00:00+08:00",
      "202403150830; 2024-03-15T08:30:00+08:00",
      "20240315083015; 2024-03-15T08:30:15+08:00",
      "20240315083015.1234; 2024-03-15T08:30:15.123+08:00",
      "20240315083015.5; 2024-03-15T08:30:15.500+08:00",
      "202403150830+0000; 2024-03-15T08:30:00+00:00",
      "20240315083015-0500; 2024-03-15T08:30:15-05:00",
      "19880701120000; 1988-07-01T12:00:00+09:00"})
  void keepsThePrecisionAndAssumesChinaTime(String hl7, String fhir) {
    assertThat(V2Dates.toFhir(hl7, false)).isEqualTo(fhir);
  }

  @ParameterizedTest
  @CsvSource({"20240230", "20241301", "2024031525", "202403151261", "2024-03-15", "15.03.2024", "2024031", "20240315083015+2500", "abc"})
  void refusesWhatIsNoTime(String hl7) {
    assertThat(V2Dates.toFhir(hl7, false)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"20240315083015, 2024-03-15", "19780312, 1978-03-12", "197803, 1978-03"})
  void datesDropTheTimeOfDay(String hl7, String fhir) {
    assertThat(V2Dates.toFhir(hl7, true)).isEqualTo(fhir);
  }

  @Property(tries = 300)
  void everySecondRoundTrips(@ForAll @DateTimeRange(min = "1950-01-01T00:00:00", max = "2100-12-31T23:59:59") LocalDateTime time) {
    String hl7 = time.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    OffsetDateTime parsed = OffsetDateTime.parse(V2Dates.toFhir(hl7, false));
    assertThat(parsed.toInstant()).isEqualTo(time.withNano(0).atZone(V2Dates.LOCAL_ZONE).toInstant());
  }
}

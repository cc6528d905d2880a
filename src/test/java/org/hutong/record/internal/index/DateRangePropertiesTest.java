package org.hutong.record.internal.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** How FHIR date values at every precision become the ranges search compares. */
class DateRangePropertiesTest {

  @Property
  void eachPrecisionContainsTheFinerOnes(@ForAll("moments") OffsetDateTime t) {
    String second = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
    String minute = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmxxx"));
    LocalDate utcDay = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    DateRange s = DateRange.parse(second);
    DateRange m = DateRange.parse(minute);
    DateRange d = DateRange.parse(utcDay.toString());
    DateRange mo = DateRange.parse(utcDay.toString().substring(0, 7));
    DateRange y = DateRange.parse(utcDay.toString().substring(0, 4));

    assertThat(Duration.between(s.low(), s.high())).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.low()).isEqualTo(t.toInstant());
    assertThat(contains(m, s)).isTrue();
    assertThat(contains(d, m)).as("%s in %s", minute, utcDay).isTrue();
    assertThat(contains(mo, d)).isTrue();
    assertThat(contains(y, mo)).isTrue();
  }

  @Property
  void aDayIsTwentyFourHoursInUtcAndTheNextDayStartsWhereItEnds(@ForAll("days") LocalDate day) {
    DateRange today = DateRange.parse(day.toString());
    DateRange tomorrow = DateRange.parse(day.plusDays(1).toString());
    assertThat(Duration.between(today.low(), today.high())).isEqualTo(Duration.ofDays(1));
    assertThat(today.high()).isEqualTo(tomorrow.low());
    assertThat(today.low()).isEqualTo(day.atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  @Property
  void fractionsNarrowTheRangeToTheirPrecision(@ForAll("moments") OffsetDateTime t, @ForAll @IntRange(min = 1, max = 9) int digits) {
    String base = t.withNano(0).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
    String fraction = "123456789".substring(0, digits);
    DateRange r = DateRange.parse(base + "." + fraction + "Z");
    assertThat(Duration.between(r.low(), r.high())).isEqualTo(Duration.ofNanos((long) Math.pow(10, 9 - digits)));
  }

  @Property
  void impossibleDatesAreRefused(@ForAll @IntRange(min = 1900, max = 2100) int year, @ForAll @IntRange(min = 13, max = 99) int month) {
    assertThatThrownBy(() -> DateRange.parse(year + "-" + month)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DateRange.parse(year + "-02-30")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DateRange.parse(year + "-01-32")).isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void garbageIsRefusedWithTheValueNamed() {
    for (String bad : new String[] {"", "20", "2020-1-1", "2020/01/01", "2020-01-01T25:00Z", "2020-01-01T10:00+15:00x", "yesterday"}) {
      assertThatThrownBy(() -> DateRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }
  }

  @Example
  void aLocalTimeWithoutZoneIsReadAsUtc() {
    assertThat(DateRange.parse("2020-05-06T10:00:00").low()).isEqualTo(DateRange.parse("2020-05-06T10:00:00Z").low());
    assertThat(DateRange.parse("2020-05-06T18:00:00+08:00").low()).isEqualTo(DateRange.parse("2020-05-06T10:00:00Z").low());
  }

  private static boolean contains(DateRange outer, DateRange inner) {
    return !inner.low().isBefore(outer.low()) && !inner.high().isAfter(outer.high());
  }

  @Provide
  Arbitrary<OffsetDateTime> moments() {
    Arbitrary<LocalDateTime> local =
        Arbitraries.longs()
            .between(LocalDateTime.of(1900, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC), LocalDateTime.of(2100, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC))
            .map(s -> LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC));
    Arbitrary<ZoneOffset> zone = Arbitraries.integers().between(-12 * 4, 14 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 15 * 60));
    return net.jqwik.api.Combinators.combine(local, zone).as(OffsetDateTime::of);
  }

  @Provide
  Arbitrary<LocalDate> days() {
    return Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9998, 12, 30).toEpochDay()).map(LocalDate::ofEpochDay);
  }
}

package org.hutong.identity.internal.compare;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/** The one-pass answer for "at most one edit apart" agrees with the full table. */
class EditDistancePropertiesTest {

  @Property(tries = 3000)
  void givenAnyTwoShortStringsThenTheOneEditAnswerIsTheTablesAnswer(
      @ForAll @StringLength(max = 6) @CharRange(from = 'a', to = 'c') String a,
      @ForAll @StringLength(max = 6) @CharRange(from = 'a', to = 'c') String b) {
    int table = Math.min(EditDistance.between(a, b, 3), 2);
    assertThat(EditDistance.between(a, b, 1)).isEqualTo(table);
  }

  @Property(tries = 2000)
  void givenAStringAndItsOneEditVariantsThenTheyAreOneApart(
      @ForAll @StringLength(min = 2, max = 8) @CharRange(from = '0', to = '9') String a) {
    String swapped = a.charAt(1) + "" + a.charAt(0) + a.substring(2);
    String longer = a + "7";
    String shorter = a.substring(1);
    assertThat(EditDistance.between(a, swapped, 1)).isEqualTo(a.equals(swapped) ? 0 : 1);
    assertThat(EditDistance.between(a, longer, 1)).isEqualTo(1);
    assertThat(EditDistance.between(shorter, a, 1)).isEqualTo(1);
  }
}

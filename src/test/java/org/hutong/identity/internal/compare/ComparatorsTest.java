package org.hutong.identity.internal.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The string comparators and keys, against values worked out by hand or published with the methods. */
class ComparatorsTest {

  @Test
  void jaroWinklerMatchesThePublishedExamples() {
    assertThat(JaroWinkler.similarity("martha", "marhta")).isCloseTo(0.9611, within(1e-4));
    assertThat(JaroWinkler.similarity("dwayne", "duane")).isCloseTo(0.84, within(1e-4));
    assertThat(JaroWinkler.similarity("dixon", "dicksonx")).isCloseTo(0.8133, within(1e-4));
    assertThat(JaroWinkler.similarity("zhangwei", "zhangwei")).isEqualTo(1.0);
    assertThat(JaroWinkler.similarity("", "wang")).isZero();
    assertThat(JaroWinkler.similarity("abc", "xyz")).isZero();
    assertThat(JaroWinkler.similarity("a".repeat(1000), "a".repeat(70) + "b")).isEqualTo(1.0); // compared on the first 64
    assertThat(JaroWinkler.similarity("wang", "w".repeat(100))).isGreaterThan(0);
  }

  @Test
  void editDistanceCountsATranspositionAsOneEditAndStopsAtTheLimit() {
    assertThat(EditDistance.between("110105", "110150", 2)).isEqualTo(1);
    assertThat(EditDistance.between("13800138000", "13800138001", 2)).isEqualTo(1);
    assertThat(EditDistance.between("zhang", "zang", 2)).isEqualTo(1);
    assertThat(EditDistance.between("liu", "liu", 0)).isZero();
    assertThat(EditDistance.between("abcdef", "uvwxyz", 1)).isEqualTo(2);
    assertThat(EditDistance.between("a", "abcdef", 2)).isEqualTo(3);
  }

  @Test
  void soundexKeysBringRomanisedSpellingsTogether() {
    assertThat(PhoneticKey.of("robert")).isEqualTo("R163").isEqualTo(PhoneticKey.of("rupert"));
    assertThat(PhoneticKey.of("ashcraft")).isEqualTo("A261");
    assertThat(PhoneticKey.of("tymczak")).isEqualTo("T522");
    assertThat(PhoneticKey.of("zhang")).isEqualTo(PhoneticKey.of("zang"));
    assertThat(PhoneticKey.of("张")).isEqualTo("张");
    assertThat(PhoneticKey.of(null)).isNull();
  }

  @Test
  void foldingKeepsWhatIdentifiesAndDropsTheRest() {
    assertThat(Folding.name(" Zhang-Wei ")).isEqualTo("zhangwei");
    assertThat(Folding.name("买买提.艾力")).isEqualTo("买买提·艾力");
    assertThat(Folding.name("ＷＡＮＧ")).isEqualTo("wang");
    assertThat(Folding.name(" - ")).isNull();
    assertThat(Folding.name("长".repeat(101))).isNull();
    assertThat(Folding.identifier("1234".repeat(17))).isNull();
    assertThat(Folding.identifier("000000")).as("placeholder").isNull();
    assertThat(Folding.identifier("12-3")).as("too short to identify").isNull();
    assertThat(Folding.phone("00000000")).as("placeholder").isNull();
    assertThat(Folding.phone("+86 138-0013-8000")).isEqualTo("13800138000");
    assertThat(Folding.phone("008613800138000")).isEqualTo("13800138000");
    assertThat(Folding.phone("(010) 6552 9988")).isEqualTo("01065529988");
    assertThat(Folding.phone("12")).isNull();
    assertThat(Folding.identifier("g 1234-567")).isEqualTo("G1234567");
    assertThat(Folding.addressTokens("北京市 东城区 3号, Dongcheng")).containsExactly("北", "京", "市", "东", "城", "区", "3", "号", "dongcheng");
  }
}

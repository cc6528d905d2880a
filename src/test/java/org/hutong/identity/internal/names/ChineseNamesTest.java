package org.hutong.identity.internal.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.hutong.identity.internal.names.ChineseName.Script;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each folding rule for Chinese names, and input that must never break it. */
class ChineseNamesTest {

  @Test
  void traditionalCharactersFoldToSimplified() {
    assertThat(ChineseNames.fold("張偉")).isEqualTo("张伟");
    assertThat(ChineseNames.fold("劉德華")).isEqualTo("刘德华");
    assertThat(ChineseNames.fold("歐陽娜娜")).isEqualTo("欧阳娜娜");
    assertThat(ChineseNames.parse("陳", "麗華").full()).isEqualTo("陈丽华");
  }

  @Test
  void pinyinWithOrWithoutTonesFoldsTheSame() {
    assertThat(ChineseNames.pinyin("张伟")).isEqualTo("zhang wei");
    assertThat(ChineseNames.pinyin("zhang wei")).isEqualTo("zhang wei");
    assertThat(ChineseNames.pinyin("zhāng wěi")).isEqualTo("zhang wei");
    assertThat(ChineseNames.pinyin("zhang1 wei3")).isEqualTo("zhang wei");
    assertThat(ChineseNames.pinyin("Lǚ Bù")).isEqualTo("lv bu");
    assertThat(ChineseNames.pinyin("LYU BU")).isEqualTo("lv bu");
    assertThat(ChineseNames.homophoneKey("吕布")).isEqualTo(ChineseNames.homophoneKey("Lü Bu"));
  }

  @Test
  void homophonesShareAKey() {
    assertThat(ChineseNames.homophoneKey("张伟")).isEqualTo("zhangwei");
    assertThat(ChineseNames.homophoneKey("章炜")).isEqualTo("zhangwei");
    assertThat(ChineseNames.homophoneKey("張偉")).isEqualTo("zhangwei");
    assertThat(ChineseNames.homophoneKey("王芳")).isEqualTo(ChineseNames.homophoneKey("汪方"));
  }

  @Test
  void surnamesTakeTheirSurnameReading() {
    assertThat(ChineseNames.pinyin("单雄信")).isEqualTo("shan xiong xin");
    assertThat(ChineseNames.pinyin("曾国藩")).isEqualTo("zeng guo fan");
    assertThat(ChineseNames.pinyin("解缙")).isEqualTo("xie jin");
  }

  @Test
  void romanisedNamesInEitherOrderMatchTheHanName() {
    String han = ChineseNames.parse("张", "伟").key();
    List<ChineseName> romanised = List.of(
        ChineseNames.parse("Zhang", "Wei"),
        ChineseNames.parse("Zhang Wei", ""),
        ChineseNames.parse("WEI ZHANG", ""),
        ChineseNames.parse("Wei ZHANG", ""),
        ChineseNames.parse("Zhang, Wei", ""),
        ChineseNames.parse("zhangwei", ""),
        ChineseNames.parse("", "ＺＨＡＮＧ　ＷＥＩ"));
    for (ChineseName name : romanised) {
      assertThat(name.script()).isEqualTo(Script.LATIN);
      assertThat(name.keys()).as(name.toString()).contains(han);
    }
    assertThat(ChineseNames.parse("Zhang, Wei", "").family()).isEqualTo("zhang");
    assertThat(ChineseNames.parse("Wei ZHANG", "").family()).isEqualTo("zhang");
    assertThat(ChineseNames.parse("zhangwei", "").given()).isEqualTo("wei");
    assertThat(ChineseNames.parse("Xiaoming Wang", "").family()).isEqualTo("wang");
  }

  @Test
  void theRomanisedVariantIsWrittenAsOnAPassport() {
    assertThat(ChineseNames.parse("張", "偉").romanised()).isEqualTo("Zhang Wei");
    assertThat(ChineseNames.parse("欧阳娜娜", "").romanised()).isEqualTo("Ouyang Nana");
    assertThat(ChineseNames.parse("单", "雄信").romanised()).isEqualTo("Shan Xiongxin");
    assertThat(ChineseNames.parse("WEI ZHANG", "").romanised()).isEqualTo("Wei Zhang");
    assertThat(ChineseNames.parse("", "阿依古丽·买买提").romanised()).isEqualTo("Ayiguli Maimaiti");
    assertThat(ChineseNames.parse(null, "").romanised()).isEmpty();
  }

  @Test
  void swappedFamilyAndGivenNameIsFoundThroughTheSwappedKey() {
    ChineseName right = ChineseNames.parse("王", "小明");
    ChineseName swapped = ChineseNames.parse("小明", "王");
    assertThat(swapped.swappedKey()).isEqualTo(right.key());
    assertThat(swapped.keys()).contains(right.key());
  }

  @Test
  void compoundSurnamesStayWhole() {
    ChineseName ouyang = ChineseNames.parse("欧阳娜娜", "");
    assertThat(ouyang.family()).isEqualTo("欧阳");
    assertThat(ouyang.given()).isEqualTo("娜娜");
    assertThat(ChineseNames.parse("諸葛亮", "").family()).isEqualTo("诸葛");
    assertThat(ChineseNames.parse("司马懿", "").family()).isEqualTo("司马");
    assertThat(ChineseNames.parse("尉迟恭", "").familyPinyin()).isEqualTo("yu chi");
    assertThat(ChineseNames.parse("Ouyang Nana", "").family()).isEqualTo("ouyang");
    assertThat(ChineseNames.parse("ouyangnana", "").family()).isEqualTo("ouyang");
    assertThat(ChineseNames.parse("ouyangnana", "").key()).isEqualTo(ouyang.key());
    // two characters only: a compound surname alone is not split, 欧阳 as a full name is 欧 + 阳
    assertThat(ChineseNames.parse("欧阳", "").family()).isEqualTo("欧");
  }

  @ParameterizedTest
  @ValueSource(strings = {"阿依古丽·买买提", "阿依古丽•买买提", "阿依古丽．买买提", "阿依古丽.买买提", "阿依古丽・买买提",
      "阿依古丽 · 买买提", "阿依古丽‧买买提"})
  void minorityNamesWithAnyDotFoldTheSame(String written) {
    assertThat(ChineseNames.isMinorityName(written)).isTrue();
    ChineseName name = ChineseNames.parse("", written);
    assertThat(name.minority()).isTrue();
    assertThat(name.given()).isEqualTo("阿依古丽·买买提");
    assertThat(name.key()).isEqualTo("ayigulimaimaiti");
    assertThat(name.swappedKey()).isEqualTo("maimaitiayiguli");
  }

  @Test
  void aMinorityNameSplitOverBothFieldsIsStillOneName() {
    assertThat(ChineseNames.isMinorityName("", "阿依古丽·买买提")).isTrue();
    assertThat(ChineseNames.isMinorityName("阿依古丽·买买提", null)).isTrue();
    assertThat(ChineseNames.isMinorityName("张", "伟")).isFalse();
    assertThat(ChineseNames.isMinorityName("W. Zhang")).isFalse();
  }

  @Test
  void widthAndSpacesAreNormalised() {
    assertThat(ChineseNames.fold(" 张  伟 ")).isEqualTo("张伟");
    assertThat(ChineseNames.fold("张\u3000伟")).isEqualTo("张伟");
    assertThat(ChineseNames.fold("\u200B张伟\t")).isEqualTo("张伟");
    assertThat(ChineseNames.fold("ＺＨＡＮＧ　Ｗｅｉ")).isEqualTo("zhang wei");
    assertThat(ChineseNames.fold("Zhang   Wei")).isEqualTo("zhang wei");
    assertThat(ChineseNames.normalise("W. Zhang")).isEqualTo("W Zhang");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "·", "...", "😀", "张😀伟", "John Smith", "张Wei", "abc张", "12345", "\u0000\u0007",
      "𠀀𠀁", "Ægir Ölafsson", "김민준", "مُحَمَّد", "؟", ",,,", "--"})
  void badOrOddInputNeverBreaks(String odd) {
    assertThatCode(() -> {
      ChineseNames.fold(odd);
      ChineseNames.pinyin(odd);
      ChineseNames.homophoneKey(odd);
      ChineseNames.isMinorityName(odd);
      ChineseNames.parse(odd, odd).keys();
      ChineseNames.parse(odd, "").keys();
      ChineseNames.parse("", odd).swappedKey();
    }).doesNotThrowAnyException();
  }

  @Test
  void nullAndHugeInputGiveAnEmptyOrCutResult() {
    assertThat(ChineseNames.fold(null)).isEmpty();
    assertThat(ChineseNames.parse(null, null).isEmpty()).isTrue();
    assertThat(ChineseNames.parse(null, null).keys()).isEmpty();
    String huge = "张".repeat(10_000);
    assertThat(ChineseNames.fold(huge)).hasSizeLessThanOrEqualTo(NameText.MAX_CHARS);
    assertThat(ChineseNames.parse(huge, huge).key()).isNotEmpty();
    assertThat(ChineseNames.homophoneKey("a".repeat(10_000))).isNotEmpty();
  }

  @Test
  void emojiAndSymbolsAreDropped() {
    assertThat(ChineseNames.fold("张😀伟")).isEqualTo("张伟");
    assertThat(ChineseNames.parse("😀", "").isEmpty()).isTrue();
  }

  @Test
  void latinOnlyAndMixedScriptsAreReadAsWritten() {
    ChineseName smith = ChineseNames.parse("John Smith", "");
    assertThat(smith.script()).isEqualTo(Script.LATIN);
    assertThat(smith.key()).isNotEmpty();
    ChineseName mixed = ChineseNames.parse("张Wei", "");
    assertThat(mixed.script()).isEqualTo(Script.MIXED);
    assertThat(mixed.key()).isEqualTo("zhangwei");
  }

  @Test
  void rareCharactersWithoutAReadingStandForThemselves() {
    assertThat(ChineseNames.homophoneKey("张𠀀")).isEqualTo("zhang𠀀");
  }

  @Test
  void pinyinWordsAndCommonSurnamesAreRecognisedAndWesternNamesAreNot() {
    assertThat(ChineseNames.isPinyin("xiaoming")).isTrue();
    assertThat(ChineseNames.isPinyin("smith")).isFalse();
    assertThat(ChineseNames.isPinyin("")).isFalse();
    assertThat(ChineseNames.isCommonSurname("zhang")).isTrue();
    assertThat(ChineseNames.isCommonSurname("smith")).isFalse();
  }
}

package org.hutong.identity.internal.names;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a family name can be: the compound surnames, the readings a character takes only as a
 * surname (单 Shàn, not dān), and the common surnames whose pinyin tells which word of a
 * romanised name is the family name.
 */
final class Surnames {

  /** Two-character surnames, the common ones first. */
  static final List<String> COMPOUND = List.of(
      "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
      "夏侯", "轩辕", "令狐", "钟离", "闾丘", "独孤", "南宫", "西门", "百里", "呼延", "端木", "万俟",
      "澹台", "公冶", "太史", "申屠", "赫连", "东郭", "濮阳", "淳于", "单于", "拓跋", "司空", "第五",
      "左丘", "谷梁", "公羊", "亓官", "司寇", "巫马", "乐正", "公良", "漆雕", "宰父", "颛孙", "仲孙");

  /** Readings a character takes as a surname where the dictionary's first reading differs. */
  static final Map<Character, String> READINGS = Map.ofEntries(
      Map.entry('单', "shan"), Map.entry('曾', "zeng"), Map.entry('解', "xie"), Map.entry('区', "ou"),
      Map.entry('仇', "qiu"), Map.entry('朴', "piao"), Map.entry('查', "zha"), Map.entry('盖', "ge"),
      Map.entry('种', "chong"), Map.entry('秘', "bi"), Map.entry('缪', "miao"), Map.entry('乐', "yue"),
      Map.entry('覃', "qin"), Map.entry('翟', "zhai"), Map.entry('繁', "po"), Map.entry('员', "yun"),
      Map.entry('召', "shao"), Map.entry('折', "she"), Map.entry('祭', "zhai"), Map.entry('尉', "yu"),
      Map.entry('万', "wan"), Map.entry('长', "zhang"), Map.entry('澹', "tan"), Map.entry('亓', "qi"),
      Map.entry('俟', "qi"), Map.entry('重', "chong"), Map.entry('都', "du"), Map.entry('华', "hua"),
      Map.entry('任', "ren"), Map.entry('宁', "ning"), Map.entry('黑', "he"), Map.entry('逄', "pang"));

  /** Compound surnames whose syllables are not each character's surname reading. */
  private static final Map<String, String> COMPOUND_READINGS = Map.of("万俟", "mo qi", "单于", "chan yu");

  /** Common single-character surnames: enough to tell family from given in romanised names. */
  private static final String COMMON =
      "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
          + "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
          + "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴"
          + "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑"
          + "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

  private static final Set<String> PINYIN = new HashSet<>();
  private static final Set<String> COMPOUND_PINYIN = new HashSet<>();

  static {
    for (int i = 0; i < COMMON.length(); i++) {
      PINYIN.add(reading(String.valueOf(COMMON.charAt(i))));
    }
    for (String compound : COMPOUND) {
      COMPOUND_PINYIN.add(reading(compound).replace(" ", ""));
      PINYIN.add(reading(compound).replace(" ", ""));
    }
  }

  private Surnames() {}

  /** The length in characters of the family name at the start of a Han full name: 2 for a compound surname. */
  static int lengthAtStart(String han) {
    if (han.length() >= 3 && COMPOUND.contains(han.substring(0, 2))) {
      return 2;
    }
    return han.isEmpty() ? 0 : Character.charCount(han.codePointAt(0));
  }

  /** The toneless pinyin of a simplified family name, syllables separated by spaces. */
  static String reading(String family) {
    String compound = COMPOUND_READINGS.get(family);
    if (compound != null) {
      return compound;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < family.length(); ) {
      int cp = family.codePointAt(i);
      i += Character.charCount(cp);
      String syllable = cp <= 0xFFFF && READINGS.containsKey((char) cp) ? READINGS.get((char) cp) : Hanzi.reading(cp);
      if (syllable.isEmpty()) {
        syllable = new String(Character.toChars(cp)); // no reading known: the character stands for itself
      }
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(syllable);
    }
    return out.toString();
  }

  /** Whether a toneless pinyin word ("zhang", "ouyang") is a common family name. */
  static boolean isCommonPinyin(String word) {
    return PINYIN.contains(word);
  }

  /** The number of syllables a compound surname takes at the start of a romanised full name (2), or 0. */
  static int compoundSyllablesAtStart(List<String> syllables) {
    return syllables.size() >= 3 && COMPOUND_PINYIN.contains(syllables.get(0) + syllables.get(1)) ? 2 : 0;
  }
}

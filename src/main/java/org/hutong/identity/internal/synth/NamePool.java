package org.hutong.identity.internal.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hutong.identity.internal.names.ChineseNames;

/**
 * Names drawn as they occur: surnames by their approximate share of the population (王, 李 and
 * 张 about 7% each, the top hundred about 85%, then a long tail and the compound surnames),
 * given names of one or two characters with a strong skew towards the popular ones, and a few
 * ethnic-minority names written with a middle dot.
 */
final class NamePool {

  /** Surname and share in per mille, approximately as in recent census counts. */
  private static final String TOP = """
      王71 李70 张67 刘54 陈46 杨31 黄22 赵20 吴19 周19 徐15 孙15 马14 朱13 胡12 郭12 何12 林11 高11 罗10
      郑10 梁9 谢8 宋7 唐7 许7 韩7 邓7 冯7 曹6 彭6 曾6 肖6 田5 董5 潘5 袁5 蔡5 蒋5 余5 于5 杜5 叶4 程4
      魏4 苏4 吕4 丁4 任4 卢4 姚4 沈4 钟4 姜4 崔3 谭3 陆3 范3 汪3 廖3 石3 金3 韦3 贾3 夏3 付3 方3 邹3
      熊3 白3 孟2 秦2 邱2 侯2 江2 尹2 薛2 闫2 段2 雷2 龙2 黎2 史2 陶2 贺2 毛2 郝2 顾2 龚2 邵2 万2 覃2
      武2 钱2 戴2 严2 莫1 孔1 向1 常1 汤1 康1 易1 乔1 赖1 文1""";

  /** The long tail, about 13% together, each about as rare as the next. */
  private static final String TAIL =
      "单仇解查区朴翟缪葛邢安齐伍庞颜倪庄聂章鲁岳殷詹申耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂成苗谷盛曲"
          + "翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳时穆农司卓古吉简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏"
          + "宗瞿桂全佟应臧闵苟邬边卞姬师和栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池麻苑迟邝";

  private static final List<String> COMPOUND = List.of(
      "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "端木", "长孙", "宇文", "司徒");

  /** Given-name characters, most popular first, by sex. */
  private static final String MALE =
      "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志文博海东晨峰亮成轩子天泽睿昊然嘉铭家豪"
          + "熙航振毅晓坤鸿德荣兴庆祥瑞洪彬永江宏春雷力金松伦光育琦锋喜胜利良义维";
  private static final String FEMALE =
      "芳娜敏静丽秀英艳娟霞玲桂兰萍燕红婷雪琳晶倩颖慧洁佳欣梦瑶怡雨涵萱诗琪思悦彤妍子晴蕾楠月珊凤露莉琴华美玉"
          + "梅云丹青菲莹璐欢璇嘉薇芸蓉淑君爱凤翠巧珍春";

  /** Whole given names so common that namesakes arise by themselves (张伟, 王芳, 李娜). */
  private static final List<String> COMMON_MALE = List.of("伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "建华", "建国");
  private static final List<String> COMMON_FEMALE = List.of("芳", "娜", "敏", "静", "丽", "秀英", "艳", "娟", "霞", "秀兰", "桂英");

  private static final List<String> MINORITY_GIVEN = List.of(
      "阿依古丽", "买买提", "艾力", "古丽娜尔", "热依拉", "阿卜杜拉", "努尔", "吐尔逊", "帕提古丽", "迪丽努尔", "艾合买提",
      "玉苏甫", "热合曼", "克里木", "阿不都", "米热古丽", "依明", "阿孜古丽", "乃比江", "居来提");

  private final String[] surnames;
  private final double[] cumulative;
  private final Map<String, List<Character>> homophones = new HashMap<>();

  NamePool() {
    List<String> names = new ArrayList<>();
    List<Double> shares = new ArrayList<>();
    for (String entry : TOP.strip().split("\\s+")) {
      names.add(entry.substring(0, 1));
      shares.add(Double.parseDouble(entry.substring(1)));
    }
    double tail = 1000 * 0.13 / TAIL.length();
    for (int i = 0; i < TAIL.length(); i++) {
      names.add(TAIL.substring(i, i + 1));
      shares.add(tail);
    }
    for (String compound : COMPOUND) {
      names.add(compound);
      shares.add(0.4);
    }
    surnames = names.toArray(String[]::new);
    cumulative = new double[surnames.length];
    double sum = 0;
    for (int i = 0; i < surnames.length; i++) {
      sum += shares.get(i);
      cumulative[i] = sum;
    }
    for (int i = 0; i < surnames.length; i++) {
      cumulative[i] /= sum;
    }
    String pool = MALE + FEMALE + TAIL + TOP.replaceAll("[\\s0-9]", "") + "章炜汪方薇卫维玮炜静婧菁晶丽俐莉力利立";
    for (int i = 0; i < pool.length(); i++) {
      char c = pool.charAt(i);
      List<Character> same = homophones.computeIfAbsent(ChineseNames.pinyin(String.valueOf(c)), k -> new ArrayList<>());
      if (!same.contains(c)) {
        same.add(c);
      }
    }
  }

  String surname(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return surnames[lo];
  }

  /** One or two characters (about one in five has one), popular characters far more often. */
  String given(SplittableRandom random, boolean male) {
    if (random.nextDouble() < 0.06) {
      List<String> common = male ? COMMON_MALE : COMMON_FEMALE;
      return common.get(skewed(random, common.size()));
    }
    String chars = male ? MALE : FEMALE;
    String first = String.valueOf(chars.charAt(skewed(random, chars.length())));
    if (random.nextDouble() < 0.2) {
      return first;
    }
    char second;
    do {
      second = chars.charAt(skewed(random, chars.length()));
    } while (first.charAt(0) == second && random.nextDouble() < 0.8); // doubled names (娜娜) are allowed, rarely
    return first + second;
  }

  /** An ethnic-minority name: given name and father's name joined by a middle dot. */
  String minority(SplittableRandom random) {
    String given = MINORITY_GIVEN.get(random.nextInt(MINORITY_GIVEN.size()));
    String father;
    do {
      father = MINORITY_GIVEN.get(random.nextInt(MINORITY_GIVEN.size()));
    } while (father.equals(given));
    return given + "·" + father;
  }

  /** Another character with the same toneless reading, or the character itself when the pool has none. */
  char homophone(char c, SplittableRandom random) {
    List<Character> same = homophones.get(ChineseNames.pinyin(String.valueOf(c)));
    if (same == null || same.size() < 2) {
      return c;
    }
    char other;
    do {
      other = same.get(random.nextInt(same.size()));
    } while (other == c);
    return other;
  }

  /** Whether a character has a homophone in the pool. */
  boolean hasHomophone(char c) {
    List<Character> same = homophones.get(ChineseNames.pinyin(String.valueOf(c)));
    return same != null && same.size() > 1;
  }

  /** A different, plausible character: the typist's slip to a neighbouring candidate. */
  char typo(char c, SplittableRandom random, boolean male) {
    String chars = male ? MALE : FEMALE;
    char other;
    do {
      other = chars.charAt(random.nextInt(chars.length()));
    } while (other == c);
    return other;
  }

  /** An index in [0, n) with a Zipf-like skew: the first entries are drawn far more often. */
  private static int skewed(SplittableRandom random, int n) {
    double u = random.nextDouble();
    return Math.min(n - 1, (int) (n * u * u * u));
  }
}

package org.hutong.identity.internal.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Where the synthetic residents live and were born: Beijing's districts with their
 * administrative codes, streets and housing estates, and the places migrants come from; and
 * the mobile numbers they carry.
 */
final class Beijing {

  /** A district: administrative code, name, and a few of its sub-district offices (街道). */
  record District(String code, String name, List<String> subdistricts) {}

  static final List<District> DISTRICTS = List.of(
      new District("110101", "东城区", List.of("东华门街道", "景山街道", "和平里街道", "东直门街道")),
      new District("110102", "西城区", List.of("西长安街街道", "金融街街道", "月坛街道", "展览路街道")),
      new District("110105", "朝阳区", List.of("建外街道", "三里屯街道", "望京街道", "劲松街道", "团结湖街道")),
      new District("110106", "丰台区", List.of("方庄街道", "丰台街道", "右安门街道", "卢沟桥街道")),
      new District("110107", "石景山区", List.of("八宝山街道", "古城街道", "苹果园街道")),
      new District("110108", "海淀区", List.of("中关村街道", "学院路街道", "海淀街道", "万寿路街道", "清河街道")),
      new District("110109", "门头沟区", List.of("大峪街道", "城子街道")),
      new District("110111", "房山区", List.of("拱辰街道", "西潞街道", "长阳镇")),
      new District("110112", "通州区", List.of("中仓街道", "新华街道", "梨园镇", "永顺镇")),
      new District("110113", "顺义区", List.of("胜利街道", "光明街道", "后沙峪镇")),
      new District("110114", "昌平区", List.of("城北街道", "回龙观街道", "天通苑北街道")),
      new District("110115", "大兴区", List.of("兴丰街道", "清源街道", "亦庄镇")),
      new District("110116", "怀柔区", List.of("泉河街道", "龙山街道")),
      new District("110117", "平谷区", List.of("滨河街道", "兴谷街道")),
      new District("110118", "密云区", List.of("鼓楼街道", "果园街道")),
      new District("110119", "延庆区", List.of("儒林街道", "百泉街道")));

  /** Population weights of the districts above (the central and inner suburbs are larger). */
  private static final int[] WEIGHTS = {7, 11, 35, 20, 6, 31, 4, 13, 18, 13, 22, 20, 4, 5, 5, 3};

  /** Birthplace codes of residents born outside Beijing. */
  private static final List<String> ELSEWHERE = List.of(
      "130102", "130203", "370102", "370203", "410105", "420106", "430102", "510107", "320102", "310104",
      "440106", "610113", "230103", "210102", "340104", "360102", "140105", "150102", "120101", "500103");

  /** Birthplace codes for Uyghur residents (Ürümqi, Kashgar, Hotan, Yining). */
  private static final List<String> XINJIANG = List.of("650102", "650104", "653101", "653201", "654002");

  private static final List<String> ROADS = List.of(
      "建国路", "朝阳路", "学院路", "中关村大街", "复兴路", "京顺路", "西直门外大街", "阜通东大街", "劲松路", "方庄路",
      "万寿路", "清河中街", "回龙观西大街", "兴丰大街", "新华大街", "石景山路", "广安门外大街", "安定路", "北四环中路",
      "光华路");

  private static final List<String> ESTATES = List.of(
      "望京西园", "芍药居", "团结湖", "阳光小区", "幸福家园", "金隅花园", "华润城", "和平里", "方庄芳城园", "万科城",
      "天通苑", "龙泽苑", "富力城", "远洋山水", "翠微小区", "双榆树", "左家庄", "劲松小区", "椿树园", "安华里");

  private static final List<String> MOBILE_PREFIXES = List.of(
      "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153",
      "155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180", "181", "182", "183", "185",
      "186", "187", "188", "189", "191", "198", "199");

  private static final int TOTAL = java.util.Arrays.stream(WEIGHTS).sum();

  private Beijing() {}

  static District district(SplittableRandom random) {
    int pick = random.nextInt(TOTAL);
    for (int i = 0; i < WEIGHTS.length; i++) {
      pick -= WEIGHTS[i];
      if (pick < 0) {
        return DISTRICTS.get(i);
      }
    }
    return DISTRICTS.getLast();
  }

  /** Where someone living in {@code district} was born: mostly there, else another province. */
  static String birthplace(District district, boolean uyghur, SplittableRandom random) {
    if (uyghur) {
      return XINJIANG.get(random.nextInt(XINJIANG.size()));
    }
    return random.nextDouble() < 0.7 ? district.code() : ELSEWHERE.get(random.nextInt(ELSEWHERE.size()));
  }

  /** A full Beijing address: 北京市朝阳区望京街道阜通东大街6号望京西园3号楼2单元501室. */
  static String address(District district, SplittableRandom random) {
    String subdistrict = district.subdistricts().get(random.nextInt(district.subdistricts().size()));
    return "北京市" + district.name() + subdistrict + ROADS.get(random.nextInt(ROADS.size()))
        + (1 + random.nextInt(300)) + "号" + ESTATES.get(random.nextInt(ESTATES.size()))
        + (1 + random.nextInt(30)) + "号楼" + (1 + random.nextInt(6)) + "单元"
        + (1 + random.nextInt(28)) + String.format("%02d", 1 + random.nextInt(4)) + "室";
  }

  /** An 11-digit mobile number with a real operator prefix. */
  static String mobile(SplittableRandom random) {
    return MOBILE_PREFIXES.get(random.nextInt(MOBILE_PREFIXES.size())) + String.format("%08d", random.nextInt(100_000_000));
  }
}

package org.hutong.intake.internal.v2;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The lab catalogue behind {@link org.hutong.intake.SyntheticFeed}: common Chinese hospital panels
 * with LOINC codes and a few local ones (coding system L), UCUM units and normal ranges, and
 * results mostly within the range, a fifth of them high or low and flagged so. Not thread-safe.
 */
public final class SyntheticLabs {

  /**
   * A lab test.
   *
   * @param code its code
   * @param name its Chinese name
   * @param system the HL7 coding system, LN or L
   * @param unit the UCUM unit, null for a text result
   * @param low the lower end of the normal range
   * @param high the upper end of the normal range
   * @param decimals the decimals reported
   */
  public record Test(String code, String name, String system, String unit, double low, double high, int decimals) {}

  /**
   * A panel ordered as one OBR.
   *
   * @param code the order code (OBR-4.1)
   * @param name the Chinese name
   * @param system the HL7 coding system, LN or L
   * @param tests the results it reports
   */
  public record Panel(String code, String name, String system, List<Test> tests) {

    /** Whether any of its results has a unit. */
    public boolean hasUnits() {
      return tests.stream().anyMatch(t -> t.unit() != null);
    }
  }

  private static final Test GLUCOSE = new Test("2345-7", "葡萄糖", "LN", "mmol/L", 3.9, 6.1, 1);
  private static final Test HB = new Test("718-7", "血红蛋白", "LN", "g/L", 130, 175, 0);
  private static final Test WBC = new Test("6690-2", "白细胞", "LN", "10*9/L", 3.5, 9.5, 2);
  private static final Test PLT = new Test("777-3", "血小板", "LN", "10*9/L", 125, 350, 0);
  private static final Test RBC = new Test("789-8", "红细胞", "LN", "10*12/L", 4.3, 5.8, 2);
  private static final Test NEUT = new Test("LAB0107", "中性粒细胞百分比", "L", "%", 40, 75, 1);
  private static final Test CREA = new Test("2160-0", "肌酐", "LN", "umol/L", 57, 111, 0);
  private static final Test UREA = new Test("3094-0", "尿素氮", "LN", "mmol/L", 3.1, 8.0, 1);
  private static final Test ALT = new Test("1742-6", "丙氨酸氨基转移酶", "LN", "U/L", 9, 50, 0);
  private static final Test AST = new Test("1920-8", "天门冬氨酸氨基转移酶", "LN", "U/L", 15, 40, 0);
  private static final Test HBA1C = new Test("4548-4", "糖化血红蛋白", "LN", "%", 4.0, 6.0, 1);
  private static final Test CHOL = new Test("2093-3", "总胆固醇", "LN", "mmol/L", 2.8, 5.2, 2);
  private static final Test TG = new Test("2571-8", "甘油三酯", "LN", "mmol/L", 0.56, 1.7, 2);
  private static final Test K = new Test("2823-3", "钾", "LN", "mmol/L", 3.5, 5.3, 2);
  private static final Test NA = new Test("2951-2", "钠", "LN", "mmol/L", 137, 147, 0);
  private static final Test CRP = new Test("LAB0215", "C反应蛋白", "L", "mg/L", 0, 10, 1);
  private static final Test URINE = new Test("LAB0031", "尿常规", "L", null, 0, 0, 0);

  private static final List<Panel> PANELS = List.of(
      new Panel("CBC", "血常规", "L", List.of(HB, WBC, PLT, RBC, NEUT)),
      new Panel("24325-3", "肝功能", "LN", List.of(ALT, AST)),
      new Panel("LAB0020", "肾功能", "L", List.of(CREA, UREA)),
      new Panel("2345-7", "空腹血糖", "LN", List.of(GLUCOSE)),
      new Panel("4548-4", "糖化血红蛋白", "LN", List.of(HBA1C)),
      new Panel("24331-1", "血脂", "LN", List.of(CHOL, TG)),
      new Panel("LAB0040", "电解质", "L", List.of(K, NA)),
      new Panel("LAB0215", "C反应蛋白", "L", List.of(CRP)),
      new Panel("LAB0031", "尿常规", "L", List.of(URINE)));

  private final Random random;

  /** @param random the feed's source of randomness */
  public SyntheticLabs(Random random) {
    this.random = random;
  }

  /** A panel, at random. */
  public Panel panel() {
    return PANELS.get(random.nextInt(PANELS.size()));
  }

  /**
   * The OBX segments of a panel's results.
   *
   * @param dropUnit whether the first result with a unit goes without (a data-quality defect)
   */
  public List<String> results(Panel panel, boolean dropUnit) {
    List<String> segments = new ArrayList<>(panel.tests().size());
    boolean drop = dropUnit;
    int set = 0;
    for (Test test : panel.tests()) {
      set++;
      boolean dropHere = drop && test.unit() != null;
      drop &= !dropHere;
      segments.add(obx(set, test, dropHere));
    }
    return segments;
  }

  private String obx(int set, Test test, boolean dropUnit) {
    if (test.unit() == null) {
      String result = random.nextInt(5) == 0 ? "弱阳性" : "阴性";
      return "OBX|" + set + "|ST|" + test.code() + "^" + test.name() + "^" + test.system() + "||" + result + "||阴性|"
          + ("阴性".equals(result) ? "N" : "A") + "|||F";
    }
    double span = test.high() - test.low();
    double value = test.low() + span * (random.nextInt(5) == 0 ? (random.nextBoolean() ? 1.1 + random.nextDouble() * 0.5 : -0.3 * random.nextDouble())
        : random.nextDouble());
    value = Math.max(value, 0);
    String number = BigDecimal.valueOf(value).setScale(test.decimals(), RoundingMode.HALF_UP).toPlainString();
    String flag = value > test.high() ? "H" : value < test.low() ? "L" : "N";
    String range = format(test.low(), test.decimals()) + "-" + format(test.high(), test.decimals());
    String unit = dropUnit ? "" : test.unit();
    if (test == CRP && value < 0.5) {
      return "OBX|" + set + "|SN|" + test.code() + "^" + test.name() + "^" + test.system() + "||<^0.5|" + unit + "|<10|N|||F";
    }
    return "OBX|" + set + "|NM|" + test.code() + "^" + test.name() + "^" + test.system() + "||" + number + "|" + unit + "|" + range + "|"
        + flag + "|||F";
  }

  private static String format(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }
}

package org.hutong.intake;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.hutong.intake.internal.v2.SyntheticLabs;
import org.hutong.intake.internal.v2.SyntheticPeople;
import org.hutong.intake.internal.v2.SyntheticPeople.Person;

/**
 * A seeded generator of realistic HL7 v2.5.1 messages from one sending institution, for the
 * benchmark, the demo and tests: ADT (admit, register, update, discharge, merge), lab results
 * with LOINC and local codes, orders, documents and vaccinations, about a pool of Beijing patients
 * who come back (admitted, then results, then discharged). Segments are separated by {@code \r};
 * MSH-18 says {@code UNICODE UTF-8}. Times lie in the hours before {@code now}, in China Standard
 * Time. The same seed and {@code now} give the same messages.
 *
 * <p>With a defect rate, that share of messages carries a data-quality problem that still maps:
 * no sex, a resident ID with a wrong check character, a result without unit, a birth date in 1890,
 * a discharge before the admission.
 *
 * <p>Not thread-safe: one feed per thread.
 */
public final class SyntheticFeed {

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
  private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

  private static final String[][] WARDS = {
      {"心内科病区", "CAR"}, {"呼吸内科病区", "PUL"}, {"消化内科病区", "GAS"}, {"内分泌科病区", "END"}, {"骨科病区", "ORT"},
      {"神经内科病区", "NEU"}, {"普外科病区", "SUR"}};
  private static final String[][] CLINICS = {
      {"内科门诊", "MED"}, {"内分泌科门诊", "END"}, {"呼吸科门诊", "PUL"}, {"儿科门诊", "PED"}, {"皮肤科门诊", "DER"}};
  private static final String[][] DOCTORS = {
      {"D1024", "赵", "志强"}, {"D2048", "周", "文华"}, {"D3310", "钱", "海燕"}, {"D4102", "孙", "丽娟"}, {"D5120", "吴", "建平"},
      {"D6033", "郑", "晓明"}};
  private static final String[][] DIAGNOSES = {
      {"I20.0", "不稳定型心绞痛"}, {"E11.9", "2型糖尿病"}, {"J18.9", "肺炎"}, {"I10", "原发性高血压"}, {"K29.7", "胃炎"},
      {"S72.0", "股骨颈骨折"}, {"I63.9", "脑梗死"}};
  private static final String[][] VACCINES = {
      {"08", "乙肝疫苗", "CVX", "0.5"}, {"10", "脊灰灭活疫苗", "CVX", "0.5"}, {"03", "麻腮风疫苗", "CVX", "0.5"},
      {"20", "百白破疫苗", "CVX", "0.5"}, {"141", "流感疫苗", "CVX", "0.5"}, {"0302", "脊灰减毒活疫苗(bOPV)", "99CNV", "999"},
      {"1601", "乙脑减毒活疫苗", "99CNV", "0.5"}, {"1701", "A群流脑多糖疫苗", "99CNV", "0.5"}};
  private static final String[] MANUFACTURERS = {
      "北京生物制品研究所有限责任公司", "华北制药金坦生物技术股份有限公司", "深圳康泰生物制品股份有限公司", "武汉生物制品研究所有限责任公司",
      "中国医学科学院医学生物学研究所"};
  private static final String[][] DOCUMENTS = {
      {"DS", "出院小结", "18842-5"}, {"HP", "入院记录", "34117-2"}, {"CN", "会诊记录", "11488-4"}, {"OP", "手术记录", "11504-8"}};

  private final Random random;
  private final String facility;
  private final String application;
  private final LocalDateTime now;
  private final double defectRate;
  private final SyntheticPeople people;
  private final SyntheticLabs labs;
  private final String prefix;
  private long counter;
  private boolean defect;

  /**
   * A feed with times before the current instant and no defects.
   *
   * @param seed the seed; the same seed gives the same sequence for the same {@code now}
   * @param facility the sending facility (MSH-4)
   * @param application the sending application (MSH-3)
   */
  public SyntheticFeed(long seed, String facility, String application) {
    this(seed, facility, application, Instant.now(), 0);
  }

  /**
   * A feed.
   *
   * @param seed the seed
   * @param facility the sending facility (MSH-4)
   * @param application the sending application (MSH-3)
   * @param now the instant event times lie just before
   * @param defectRate the share of messages from {@link #next()} that carry a data-quality defect, in [0, 1]
   */
  public SyntheticFeed(long seed, String facility, String application, Instant now, double defectRate) {
    if (!(defectRate >= 0 && defectRate <= 1)) {
      throw new IllegalArgumentException("the defect rate is a share between 0 and 1");
    }
    this.random = new Random(seed);
    this.facility = facility;
    this.application = application;
    this.now = LocalDateTime.ofInstant(now, CHINA);
    this.defectRate = defectRate;
    this.people = new SyntheticPeople(random, this.now.toLocalDate(), 500);
    this.labs = new SyntheticLabs(random);
    this.prefix = "S" + Long.toString(Math.floorMod(seed * 0x9E3779B97F4A7C15L, 36L * 36 * 36 * 36), 36).toUpperCase(Locale.ROOT);
  }

  /** The next message of a realistic mix: about 45% ADT, 40% results, the rest orders, documents, vaccinations. */
  public String next() {
    return withDefects(defectRate);
  }

  /** The next message of the mix, carrying a data-quality defect with probability {@code rate}. */
  public String withDefects(double rate) {
    defect = random.nextDouble() < rate;
    try {
      int roll = random.nextInt(100);
      if (roll < 12) {
        return adtA01();
      } else if (roll < 27) {
        return adtA04();
      } else if (roll < 36) {
        return adtA08();
      } else if (roll < 44) {
        return adtA03();
      } else if (roll < 45) {
        return adtA40();
      } else if (roll < 85) {
        return oruR01();
      } else if (roll < 92) {
        return ormO01();
      } else if (roll < 96) {
        return mdmT02();
      }
      return vxuV04();
    } finally {
      defect = false;
    }
  }

  /** An admission (ADT^A01) of a pool patient to a ward, opening a visit. */
  public String adtA01() {
    int p = people.pick();
    String visit = visitNumber("V");
    people.setOpenVisit(p, visit);
    LocalDateTime admitted = recent(48);
    String[] ward = pickFrom(WARDS);
    String[] dx = pickFrom(DIAGNOSES);
    return message("ADT^A01^ADT_A01", List.of(
        "EVN|A01|" + ts(admitted),
        pid(p),
        pv1("I", ward[0] + "^" + (100 + random.nextInt(30)) + "^" + String.format("%02d", 1 + random.nextInt(4)) + "^" + facility,
            doctor(), ward[1], visit, admitted, null),
        "PV2|||" + dx[0] + "^" + dx[1] + "^I10",
        "DG1|1||" + dx[0] + "^" + dx[1] + "^I10||" + ts(admitted.plusMinutes(30)) + "|A"));
  }

  /** An outpatient registration (ADT^A04). */
  public String adtA04() {
    int p = people.pick();
    String visit = visitNumber("O");
    String[] clinic = pickFrom(CLINICS);
    LocalDateTime arrived = recent(8);
    return message("ADT^A04^ADT_A01", List.of(
        "EVN|A04|" + ts(arrived),
        pid(p),
        pv1("O", clinic[0] + "^" + (100 + random.nextInt(300)) + "^^" + facility, doctor(), clinic[1], visit, arrived, null)));
  }

  /** A patient update (ADT^A08), with the open visit if there is one. */
  public String adtA08() {
    int p = people.pick();
    String visit = people.openVisit(p);
    List<String> segments = new ArrayList<>();
    segments.add("EVN|A08|" + ts(recent(2)));
    segments.add(pid(p));
    if (visit != null) {
      segments.add(pv1("I", pickFrom(WARDS)[0] + "^^^" + facility, doctor(), null, visit, null, null));
    }
    return message("ADT^A08^ADT_A01", segments);
  }

  /** A discharge (ADT^A03) of a patient with an open visit (or of one admitted days ago). */
  public String adtA03() {
    int p = people.withOpenVisit();
    if (p < 0) {
      p = people.pick();
    }
    String visit = people.openVisit(p) != null ? people.openVisit(p) : visitNumber("V");
    people.setOpenVisit(p, null);
    LocalDateTime discharged = recent(4);
    LocalDateTime admitted = discharged.minusDays(2 + random.nextInt(10)).minusMinutes(random.nextInt(600));
    if (defect) {
      admitted = discharged.plusDays(1);
    }
    String[] dx = pickFrom(DIAGNOSES);
    String[] ward = pickFrom(WARDS);
    return message("ADT^A03^ADT_A03", List.of(
        "EVN|A03|" + ts(discharged),
        pid(p),
        pv1("I", ward[0] + "^^^" + facility, doctor(), ward[1], visit, admitted, discharged),
        "DG1|1||" + dx[0] + "^" + dx[1] + "^I10||" + ts(discharged.minusHours(2)) + "|F"));
  }

  /** A merge (ADT^A40): a duplicate record with a fresh MRN merged into a pool patient. */
  public String adtA40() {
    int p = people.pick();
    return message("ADT^A40^ADT_A39", List.of(
        "EVN|A40|" + ts(recent(2)),
        pid(p),
        "MRG|" + people.newMrn() + "^^^" + facility + "^MR"));
  }

  /** Lab results (ORU^R01): one or two panels for a pool patient, with the visit when one is open. */
  public String oruR01() {
    int p = people.withOpenVisit();
    if (p < 0 || random.nextBoolean()) {
      p = people.pick();
    }
    List<String> segments = new ArrayList<>();
    segments.add(pid(p));
    if (people.openVisit(p) != null) {
      segments.add("PV1|1|I|||||||||||||||||" + people.openVisit(p) + "^^^" + facility + "^VN");
    }
    int orders = 1 + random.nextInt(2);
    boolean unitDefectDone = false;
    for (int o = 0; o < orders; o++) {
      SyntheticLabs.Panel panel = labs.panel();
      String placer = orderNumber("ORD");
      String filler = orderNumber("L");
      LocalDateTime collected = recent(24);
      LocalDateTime reported = collected.plusMinutes(30 + random.nextInt(180));
      segments.add("ORC|RE|" + placer + "^HIS|" + filler + "^LIS||CM");
      segments.add("OBR|" + (o + 1) + "|" + placer + "^HIS|" + filler + "^LIS|" + panel.code() + "^" + panel.name() + "^" + panel.system()
          + "|||" + ts(collected) + "|||||||||" + doctor() + "||||||" + ts(reported) + "||CH|F");
      boolean dropUnit = defect && !unitDefectDone && panel.hasUnits();
      unitDefectDone |= dropUnit;
      segments.addAll(labs.results(panel, dropUnit));
    }
    return message("ORU^R01^ORU_R01", segments);
  }

  /** A lab order (ORM^O01): one or two new orders, now and then a cancellation. */
  public String ormO01() {
    int p = people.pick();
    List<String> segments = new ArrayList<>();
    segments.add(pid(p));
    int orders = 1 + random.nextInt(2);
    for (int o = 0; o < orders; o++) {
      SyntheticLabs.Panel panel = labs.panel();
      String placer = orderNumber("ORD");
      boolean cancel = random.nextInt(10) == 0;
      String priority = random.nextInt(5) == 0 ? "S" : "R";
      segments.add("ORC|" + (cancel ? "CA" : "NW") + "|" + placer + "^HIS|||" + (cancel ? "CA" : "SC") + "||^^^^^" + priority + "||"
          + ts(recent(6)) + "|||" + doctor());
      segments.add("OBR|" + (o + 1) + "|" + placer + "^HIS||" + panel.code() + "^" + panel.name() + "^" + panel.system()
          + "|||||||||||||||||||||||^^^^^" + priority);
    }
    return message("ORM^O01^ORM_O01", segments);
  }

  /** A clinical document (MDM^T02) as text lines. */
  public String mdmT02() {
    int p = people.pick();
    Person person = people.person(p);
    String[] type = pickFrom(DOCUMENTS);
    String[] dx = pickFrom(DIAGNOSES);
    LocalDateTime written = recent(24);
    String doctor = doctor();
    String text = "患者" + person.family() + person.given() + "，" + ("M".equals(person.sex()) ? "男" : "女") + "，"
        + (now.getYear() - person.birthDate().getYear()) + "岁。~诊断：" + dx[1] + "。~" + switch (type[0]) {
          case "DS" -> "出院医嘱：规律服药，两周后门诊复查。";
          case "HP" -> "主诉：反复胸闷三天。现病史：患者三天前无明显诱因出现胸闷。";
          case "CN" -> "会诊意见：建议完善相关检查，必要时转专科治疗。";
          default -> "手术经过：麻醉满意，手术顺利，术后安返病房。";
        };
    return message("MDM^T02^MDM_T02", List.of(
        "EVN|T02|" + ts(written),
        pid(p),
        "PV1|1|" + (people.openVisit(p) != null ? "I|||||||||||||||||" + people.openVisit(p) + "^^^" + facility + "^VN" : "O"),
        "TXA|1|" + type[0] + "|TX|" + ts(written) + "|" + doctor + "|" + ts(written.minusMinutes(20)) + "|||" + doctor + "|||"
            + orderNumber("DOC") + "^EMR|||||AU||AV",
        "OBX|1|TX|" + type[2] + "^" + type[1] + "^LN||" + text + "||||||F"));
  }

  /** A vaccination (VXU^V04) of a young child: one or two doses, now and then a refusal. */
  public String vxuV04() {
    int p = people.newChild();
    List<String> segments = new ArrayList<>();
    segments.add(pid(p));
    Person child = people.person(p);
    segments.add("NK1|1|" + child.family() + "^" + (random.nextBoolean() ? "强" : "丽") + "|" + (random.nextBoolean() ? "FTH^父亲" : "MTH^母亲")
        + "^HL70063");
    int doses = 1 + random.nextInt(2);
    for (int d = 0; d < doses; d++) {
      String[] vaccine = pickFrom(VACCINES);
      LocalDateTime given = recent(6);
      boolean refused = random.nextInt(15) == 0;
      String lot = "B" + now.getYear() + String.format("%02d", 1 + random.nextInt(12)) + (char) ('A' + random.nextInt(6))
          + String.format("%02d", random.nextInt(100));
      segments.add("ORC|RE||" + orderNumber("IZ") + "^" + facility);
      segments.add("RXA|0|1|" + ts(given) + "|" + ts(given) + "|" + vaccine[0] + "^" + vaccine[1] + "^" + vaccine[2] + "|" + vaccine[3] + "|"
          + ("999".equals(vaccine[3]) ? "" : "mL^毫升^UCUM") + "||00^新接种记录^NIP001|N01" + String.format("%02d", random.nextInt(40))
          + "^吴^芳|||||" + (refused ? "" : lot) + "|" + (refused ? "" : DT.format(now.plusMonths(6 + random.nextInt(18))))
          + "|" + (refused ? "" : manufacturer())
          + "|" + (refused ? "00^家长拒绝^NIP002" : "") + "||" + (refused ? "RE" : "CP") + "|A");
      if (!refused) {
        segments.add(random.nextBoolean() ? "RXR|IM^肌内注射^HL70162|LA^左上臂^HL70163" : "RXR|SC^皮下注射^HL70162|RA^右上臂^HL70163");
      }
    }
    return message("VXU^V04^VXU_V04", segments);
  }

  private String message(String type, List<String> segments) {
    StringBuilder out = new StringBuilder(1024);
    out.append("MSH|^~\\&|").append(application).append('|').append(facility).append("|HUTONG|HUTONG|").append(ts(now))
        .append("||").append(type).append('|').append(prefix).append('-').append(++counter)
        .append("|P|2.5.1|||AL|NE|CHN|UNICODE UTF-8");
    for (String segment : segments) {
      out.append('\r').append(segment);
    }
    return out.append('\r').toString();
  }

  private String pid(int p) {
    Person person = people.person(p);
    // Which defect a PID carries, when the message is to carry one that is about the patient.
    int kind = defect ? random.nextInt(3) : -1;
    String residentId = kind == 1 ? SyntheticPeople.withWrongCheck(person.residentId()) : person.residentId();
    String monthDay = DT.format(person.birthDate()).substring(4);
    String birth = kind == 2 ? "1890" + ("0229".equals(monthDay) ? "0228" : monthDay) : DT.format(person.birthDate());
    String sex = kind == 0 ? "" : person.sex();
    return "PID|1||" + person.mrn() + "^^^" + facility + "^MR~" + residentId + "^^^CHN^NNCHN||" + person.family() + "^" + person.given()
        + "^^^^^L||" + birth + "|" + sex + "|||" + person.street() + "^^北京市^北京市^" + person.postal() + "^CHN^H^^" + person.district()
        + "||^PRN^CP^^^^^^^^^" + person.phone();
  }

  private String pv1(String patientClass, String location, String doctor, String service, String visit, LocalDateTime admitted,
      LocalDateTime discharged) {
    String[] fields = new String[46];
    fields[1] = "1";
    fields[2] = patientClass;
    fields[3] = location;
    fields[7] = doctor;
    fields[10] = service;
    fields[19] = visit + "^^^" + facility + "^VN";
    fields[44] = admitted == null ? null : ts(admitted);
    fields[45] = discharged == null ? null : ts(discharged);
    StringBuilder out = new StringBuilder("PV1");
    int last = discharged != null ? 45 : admitted != null ? 44 : 19;
    for (int i = 1; i <= last; i++) {
      out.append('|').append(fields[i] == null ? "" : fields[i]);
    }
    return out.toString();
  }

  private String manufacturer() {
    int m = random.nextInt(MANUFACTURERS.length);
    return "M" + (m + 1) + "^" + MANUFACTURERS[m] + "^L";
  }

  private String doctor() {
    String[] d = pickFrom(DOCTORS);
    return d[0] + "^" + d[1] + "^" + d[2];
  }

  private String visitNumber(String kind) {
    return kind + DT.format(now) + String.format("%05d", random.nextInt(100000));
  }

  private String orderNumber(String kind) {
    return kind + DT.format(now) + String.format("%06d", random.nextInt(1_000_000));
  }

  private LocalDateTime recent(int hours) {
    return now.minusMinutes(1 + random.nextInt(hours * 60)).withSecond(random.nextInt(60));
  }

  private static String ts(LocalDateTime time) {
    return TS.format(time);
  }

  private <T> T pickFrom(T[] options) {
    return options[random.nextInt(options.length)];
  }
}

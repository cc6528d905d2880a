package org.hutong.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small seeded population for tests: romanised Chinese names, valid resident IDs, phones and
 * addresses, each person with a few records carrying one realistic error each. Not the synthetic
 * population generator of the names module; just enough people for EM to have something to fit.
 */
public final class SmallPopulation {

  static final String[] FAMILY = {"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
      "zhu", "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao", "peng"};
  static final String[] GIVEN = {"wei", "fang", "na", "xiuying", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan",
      "jie", "juan", "tao", "ming", "chao", "xiulan", "xia", "ping", "gang", "guiying", "hua", "jianhua", "dan", "hui", "ling", "bo",
      "haiyan", "xin", "yu", "zihan", "haoran", "yichen", "ruoxi", "zixuan", "yuxuan", "xinyi", "jiahao"};
  static final String[] STREETS = {"chaoyang lu", "jianguo lu", "renmin dajie", "zhongshan lu", "jiefang lu", "heping jie",
      "xinhua lu", "wenhua lu", "dongfeng lu", "changan jie", "beijing lu", "nanjing lu"};
  static final String[] DISTRICTS = {"dongcheng", "xicheng", "haidian", "chaoyang", "fengtai", "shijingshan", "tongzhou", "daxing"};

  private SmallPopulation() {}

  /** {@code persons} people, each with 1 to 3 records; person ids are the truth. */
  public static List<LabelledRecord> generate(int persons, long seed) {
    Random random = new Random(seed);
    List<LabelledRecord> records = new ArrayList<>();
    java.util.Set<String> issued = new java.util.HashSet<>();
    for (int p = 0; p < persons; p++) {
      String family = FAMILY[random.nextInt(FAMILY.length)];
      String given = GIVEN[random.nextInt(GIVEN.length)];
      LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(30_000));
      Sex sex = random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
      int sequence = random.nextInt(500) * 2 + (sex == Sex.MALE ? 1 : 0);
      String id = residentId("110105", birth, sequence);
      while (!issued.add(id)) { // numbers are unique: the next sequence number of the same sex
        sequence = (sequence + 2) % 1000;
        id = residentId("110105", birth, sequence);
      }
      String phone = "13" + (100_000_000 + random.nextInt(900_000_000));
      String address = (1 + random.nextInt(300)) + " " + STREETS[random.nextInt(STREETS.length)] + " "
          + DISTRICTS[random.nextInt(DISTRICTS.length)] + " beijing";
      int copies = 1 + random.nextInt(3);
      for (int c = 0; c < copies; c++) {
        String f = family;
        String g = given;
        LocalDate b = birth;
        String ph = phone;
        String ad = address;
        String i = random.nextInt(3) == 0 ? null : id;
        switch (c == 0 ? -1 : random.nextInt(6)) {
          case 0 -> g = typo(g, random);
          case 1 -> {
            String t = f;
            f = g;
            g = t;
          }
          case 2 -> b = b.getDayOfMonth() <= 12 && b.getDayOfMonth() != b.getMonthValue()
              ? LocalDate.of(b.getYear(), b.getDayOfMonth(), b.getMonthValue()) : b.plusYears(1);
          case 3 -> ph = "13" + (100_000_000 + random.nextInt(900_000_000));
          case 4 -> ad = (1 + random.nextInt(300)) + " " + STREETS[random.nextInt(STREETS.length)] + " haidian beijing";
          case 5 -> f = typo(f, random);
          default -> { }
        }
        records.add(new LabelledRecord(new PersonRecord("p" + p + "-" + c, "site" + random.nextInt(3), f, g, sex, b,
            i == null ? null : IdType.RESIDENT_ID, i, ph, ad, List.of()), "p" + p));
      }
    }
    return records;
  }

  public static String residentId(String region, LocalDate birth, int sequence) {
    String body = region + String.format("%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth(), sequence);
    return body + ResidentId.checkCharacter(body);
  }

  private static String typo(String s, Random random) {
    int at = random.nextInt(s.length());
    char c = (char) ('a' + random.nextInt(26));
    return s.substring(0, at) + c + s.substring(at + 1);
  }
}

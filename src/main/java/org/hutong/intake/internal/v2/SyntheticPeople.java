package org.hutong.intake.internal.v2;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hutong.identity.ResidentId;

/**
 * The seeded pool of synthetic Beijing patients behind {@link org.hutong.intake.SyntheticFeed}:
 * Chinese names, valid GB 11643 resident IDs, mobile numbers, addresses, MRNs and each patient's
 * open visit, so that one patient is admitted, gets results and is discharged. Not thread-safe.
 */
public final class SyntheticPeople {

  private static final String SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧";
  private static final String[] MALE = {"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "建国", "志强", "海涛", "浩然", "子轩",
      "宇航", "俊杰", "国庆", "文博", "思远"};
  private static final String[] FEMALE = {"芳", "娜", "敏", "静", "丽", "艳", "婷", "雪", "秀英", "桂英", "玉兰", "欣怡", "梓涵", "雨萱",
      "佳怡", "淑珍", "晓燕", "春梅", "丽娟", "思琪"};

  /** A Beijing district: region code, name, postal code and a few of its streets. */
  private record District(String region, String name, String postal, String[] streets) {}

  private static final District[] DISTRICTS = {
      new District("110101", "东城区", "100010", new String[] {"东直门内大街", "王府井大街", "和平里东街"}),
      new District("110102", "西城区", "100032", new String[] {"西直门外大街", "金融大街", "德胜门外大街"}),
      new District("110105", "朝阳区", "100020", new String[] {"建国路", "朝阳北路", "望京街", "安立路"}),
      new District("110106", "丰台区", "100071", new String[] {"丰台北路", "南三环西路", "科学城富丰路"}),
      new District("110107", "石景山区", "100043", new String[] {"石景山路", "鲁谷路"}),
      new District("110108", "海淀区", "100080", new String[] {"中关村大街", "学院路", "北四环西路", "万泉河路"}),
      new District("110112", "通州区", "101100", new String[] {"新华大街", "运河西大街"}),
      new District("110113", "顺义区", "101300", new String[] {"府前街", "光明北街"}),
      new District("110114", "昌平区", "102200", new String[] {"回龙观西大街", "天通苑北街", "政府街"}),
      new District("110115", "大兴区", "102600", new String[] {"兴华大街", "黄村西大街"})};

  /**
   * One synthetic patient.
   *
   * @param mrn the medical record number at the feed's institution
   * @param family family name
   * @param given given name
   * @param sex M or F
   * @param birthDate date of birth
   * @param residentId a valid 18-digit resident ID that agrees with sex and birth date
   * @param phone an 11-digit mobile number
   * @param street street and house number
   * @param district the district's name (区)
   * @param postal the postal code
   */
  public record Person(String mrn, String family, String given, String sex, LocalDate birthDate, String residentId,
      String phone, String street, String district, String postal) {}

  private final Random random;
  private final LocalDate today;
  private final int capacity;
  private final List<Person> people = new ArrayList<>();
  private final List<String> openVisits = new ArrayList<>();
  private int mrnCounter;

  /**
   * @param random the feed's source of randomness
   * @param today the date births are counted back from
   * @param capacity how many distinct patients the pool grows to
   */
  public SyntheticPeople(Random random, LocalDate today, int capacity) {
    this.random = random;
    this.today = today;
    this.capacity = capacity;
    this.mrnCounter = 100000 + random.nextInt(800000);
  }

  /** A patient: a new one while the pool is small or now and then, else one seen before. */
  public int pick() {
    if (people.isEmpty() || people.size() < capacity && random.nextInt(100) < 35) {
      people.add(newPerson(18 + random.nextInt(70)));
      openVisits.add(null);
      return people.size() - 1;
    }
    return random.nextInt(people.size());
  }

  /** A new child patient (for vaccinations), added to the pool. */
  public int newChild() {
    people.add(newPerson(random.nextInt(7)));
    openVisits.add(null);
    return people.size() - 1;
  }

  /** A patient with an open visit, or -1 when there is none. */
  public int withOpenVisit() {
    int start = people.isEmpty() ? 0 : random.nextInt(people.size());
    for (int i = 0; i < people.size(); i++) {
      int index = (start + i) % people.size();
      if (openVisits.get(index) != null) {
        return index;
      }
    }
    return -1;
  }

  /** The patient at {@code index}. */
  public Person person(int index) {
    return people.get(index);
  }

  /** The open visit number of the patient, or null. */
  public String openVisit(int index) {
    return openVisits.get(index);
  }

  /** Records the patient's open visit (null: closed). */
  public void setOpenVisit(int index, String visit) {
    openVisits.set(index, visit);
  }

  /** A fresh MRN (for a duplicate record that a merge then retires). */
  public String newMrn() {
    return String.format("%08d", ++mrnCounter);
  }

  /** A valid resident ID with its check character replaced by a wrong one. */
  public static String withWrongCheck(String residentId) {
    char right = residentId.charAt(17);
    char wrong = right == '0' ? '1' : right == 'X' ? '0' : (char) (right == '9' ? 'X' : right + 1);
    return residentId.substring(0, 17) + wrong;
  }

  private Person newPerson(int age) {
    String sex = random.nextBoolean() ? "M" : "F";
    String family = String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
    String[] names = "M".equals(sex) ? MALE : FEMALE;
    String given = names[random.nextInt(names.length)];
    if (given.length() == 1 && random.nextInt(3) == 0) {
      given = given + names[random.nextInt(names.length)].charAt(0);
    }
    LocalDate birth = today.minusYears(age).minusDays(random.nextInt(365));
    District district = DISTRICTS[random.nextInt(DISTRICTS.length)];
    int sequence = random.nextInt(500) * 2 + ("M".equals(sex) ? 1 : 0);
    String first17 = district.region() + String.format("%04d%02d%02d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth())
        + String.format("%03d", sequence);
    String residentId = first17 + ResidentId.checkCharacter(first17);
    String phone = "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
    String street = district.streets()[random.nextInt(district.streets().length)] + (1 + random.nextInt(200)) + "号";
    if (random.nextBoolean()) {
      street = street + (1 + random.nextInt(20)) + "号楼" + (1 + random.nextInt(6)) + "单元" + (101 + random.nextInt(20) * 100 + random.nextInt(4)) + "室";
    }
    return new Person(newMrn(), family, given, sex, birth, residentId, phone, street, district.name(), district.postal());
  }
}

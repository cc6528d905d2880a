package org.hutong.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hutong.identity.ResidentId;
import org.junit.jupiter.api.Test;

/** What the synthetic feed writes: well-formed v2.5.1 with realistic, recurring patients. */
class SyntheticFeedTest {

  private static final Instant NOW = Instant.parse("2024-03-20T02:00:00Z");
  private static final Pattern RESIDENT_ID = Pattern.compile("~(\\d{17}[\\dX])\\^\\^\\^CHN\\^NNCHN");
  private static final Pattern MRN = Pattern.compile("PID\\|1\\|\\|(\\d+)\\^");

  private static SyntheticFeed feed(long seed, double defects) {
    return new SyntheticFeed(seed, "BJCYH", "HIS", NOW, defects);
  }

  @Test
  void theSameSeedGivesTheSameMessages() {
    SyntheticFeed a = feed(7, 0.1);
    SyntheticFeed b = feed(7, 0.1);
    for (int i = 0; i < 200; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }

  @Test
  void messagesAreV251WithUniqueControlIdsAndUtf8() {
    SyntheticFeed feed = feed(11, 0);
    Set<String> controlIds = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      String message = feed.next();
      String[] msh = message.substring(0, message.indexOf('\r')).split("\\|", -1);
      assertThat(msh[1]).isEqualTo("^~\\&");
      assertThat(msh[3]).isEqualTo("BJCYH");
      assertThat(msh[11]).isEqualTo("2.5.1");
      assertThat(msh[17]).isEqualTo("UNICODE UTF-8");
      assertThat(controlIds.add(msh[9])).isTrue();
      assertThat(message).doesNotContain("\n");
    }
  }

  @Test
  void cleanMessagesCarryValidResidentIds() {
    SyntheticFeed feed = feed(3, 0);
    for (int i = 0; i < 300; i++) {
      Matcher m = RESIDENT_ID.matcher(feed.next());
      assertThat(m.find()).isTrue();
      assertThat(ResidentId.validate(m.group(1), java.time.LocalDate.of(2024, 3, 20))).isInstanceOf(ResidentId.Valid.class);
    }
  }

  @Test
  void patientsComeBackAndTheMixIsRealistic() {
    SyntheticFeed feed = feed(5, 0);
    Set<String> mrns = new HashSet<>();
    int messages = 1000;
    int adt = 0;
    int oru = 0;
    for (int i = 0; i < messages; i++) {
      String message = feed.next();
      Matcher m = MRN.matcher(message);
      assertThat(m.find()).isTrue();
      mrns.add(m.group(1));
      adt += message.contains("|ADT^") ? 1 : 0;
      oru += message.contains("|ORU^R01") ? 1 : 0;
    }
    assertThat(mrns.size()).isLessThan(messages * 6 / 10);
    assertThat(adt).isBetween(380, 520);
    assertThat(oru).isBetween(330, 470);
  }

  @Test
  void everyMessageTypeParses() throws Exception {
    SyntheticFeed feed = feed(9, 0);
    PipeParser parser = new PipeParser(new CanonicalModelClassFactory("2.5.1"));
    for (String text : List.of(feed.adtA01(), feed.adtA04(), feed.adtA08(), feed.adtA03(), feed.adtA40(), feed.oruR01(), feed.ormO01(),
        feed.mdmT02(), feed.vxuV04())) {
      Message message = parser.parse(text);
      assertThat(message.getName()).matches("ADT_A01|ADT_A03|ADT_A39|ORU_R01|ORM_O01|MDM_T02|VXU_V04");
    }
  }
}

package org.hutong.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/**
 * Thousands of mutated messages over MLLP: every one is answered with an acknowledgement that
 * reads (AA, AE or AR) or, for bytes that break the framing, a closed connection; none finds a
 * mapping defect (AE 207 "could not map"); the listener serves a valid message afterwards.
 * {@code -Dhutong.fuzz.seed=N -Dhutong.fuzz.messages=M} reproduces or extends a run.
 */
class MllpFuzzTest {

  private static final String[] SEPARATORS = {"|", "^", "~", "\\", "&", "\r", "", "||||", "^^^", "\\X00\\", "\u0000"};
  private static final String[] VALUES = {
    "", "9999999999999999999999", "-1", "20261399", "2026-11-23", "1.2.3", "ZZZ", "\uFFFD", "王小明", "\uD83D\uDE00",
    "<script>", "' OR 1=1 --", "%s%n", "${jndi:x}", "NaN", "1e309", "x".repeat(5000)
  };

  @Test
  void mutatedMessagesNeverCrashAnything() throws Exception {
    long seed = Long.getLong("hutong.fuzz.seed", System.nanoTime());
    int count = Integer.getInteger("hutong.fuzz.messages", 3000);
    Random random = new Random(seed);
    var platform = RunningPlatform.shared();
    MllpIntakeTest.sendersExist();
    int port = platform.getBean(MessageIntake.class).port();
    List<String> seeds = seeds();
    int[] outcomes = new int[4];
    MllpClient client = new MllpClient("localhost", port, 60_000);
    try {
      for (int n = 0; n < count; n++) {
        String base = seeds.get(random.nextInt(seeds.size())).replace("FUZZ-CONTROL", "FZ" + seed + "-" + n);
        byte[] mutated = mutate(base, random);
        byte[] ack;
        try {
          ack = client.sendBytes(mutated);
        } catch (IOException closed) {
          outcomes[3]++;
          client.close();
          client = new MllpClient("localhost", port, 60_000);
          continue;
        }
        String text = new String(ack, StandardCharsets.US_ASCII);
        assertThat(text).as("seed %d message %d", seed, n).startsWith("MSH|^~\\&|HUTONG|").containsPattern("\rMSA\\|A[AER]\\|");
        assertThat(text).as("seed %d message %d: a mapping defect", seed, n).doesNotContain("could not map");
        outcomes[text.contains("MSA|AA|") ? 0 : text.contains("MSA|AE|") ? 1 : 2]++;
      }
    } finally {
      client.close();
    }
    try (MllpClient fresh = new MllpClient("localhost", port, 60_000)) {
      assertThat(fresh.send(MllpIntakeTest.adt(RunningPlatform.unique("C"), RunningPlatform.unique("M"), "HOSP_A"))).contains("MSA|AA|");
    }
    System.out.printf("fuzz seed %d: %d AA, %d AE, %d AR, %d connections closed%n", seed, outcomes[0], outcomes[1], outcomes[2], outcomes[3]);
    assertThat(outcomes[1] + outcomes[2]).as("most mutations are refused").isGreaterThan(count / 3);
  }

  /** Valid messages to mutate: the hand-written samples of every type, and an ADT. */
  private static List<String> seeds() throws IOException {
    List<String> seeds = new ArrayList<>();
    Path samples = Path.of("src/test/resources/intake/samples");
    if (Files.isDirectory(samples)) {
      try (Stream<Path> files = Files.list(samples)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".hl7")).sorted().toList()) {
          String text = Files.readString(f, StandardCharsets.UTF_8).replace("\r\n", "\r").replace('\n', '\r');
          seeds.add(text.replaceFirst("^(MSH\\|[^|]*\\|[^|]*\\|)[^|]*", "$1HOSP_A").replaceFirst("^((?:[^|]*\\|){9})[^|\\r]*", "$1FUZZ-CONTROL"));
        }
      }
    }
    seeds.add(MllpIntakeTest.adt("FUZZ-CONTROL", "FUZZ-MRN", "HOSP_A"));
    return seeds;
  }

  private static byte[] mutate(String message, Random random) {
    StringBuilder m = new StringBuilder(message);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && m.length() > 0; e++) {
      int at = random.nextInt(m.length());
      switch (random.nextInt(9)) {
        case 0 -> m.insert(at, SEPARATORS[random.nextInt(SEPARATORS.length)]);
        case 1 -> m.deleteCharAt(at);
        case 2 -> m.setLength(at); // truncated
        case 3 -> { // a field replaced by a hostile value
          int bar = m.indexOf("|", at);
          if (bar >= 0) {
            int end = m.indexOf("|", bar + 1);
            m.replace(bar + 1, end < 0 ? bar + 1 : end, VALUES[random.nextInt(VALUES.length)]);
          }
        }
        case 4 -> { // a segment dropped
          int start = m.lastIndexOf("\r", at);
          int end = m.indexOf("\r", at);
          if (start >= 0 && end > start) {
            m.delete(start, end);
          }
        }
        case 5 -> { // a segment repeated
          int start = m.lastIndexOf("\r", at);
          int end = m.indexOf("\r", at);
          if (start >= 0 && end > start) {
            m.insert(end, m.substring(start, end));
          }
        }
        case 6 -> m.setCharAt(at, (char) random.nextInt(0x20)); // a control character
        case 7 -> m.replace(0, Math.min(8, m.length()), random.nextBoolean() ? "MSH#^~\\&" : "MSH|!~\\&"); // other delimiters
        default -> m.insert(at, (char) (0x4e00 + random.nextInt(0x5000)));
      }
    }
    byte[] bytes = m.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0 && random.nextInt(20) == 0) { // wrong encoding: bytes that are not UTF-8
      bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x40));
    }
    if (random.nextInt(50) == 0) { // binary garbage, but never the frame's own bytes
      for (int i = 0; i < bytes.length; i++) {
        if (random.nextInt(4) == 0) {
          bytes[i] = (byte) random.nextInt(256);
        }
      }
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0x1c && random.nextInt(2) == 0) {
        bytes[i] = 0x20; // mostly keep the frame intact; sometimes let it break and see the connection close
      }
    }
    return bytes;
  }
}

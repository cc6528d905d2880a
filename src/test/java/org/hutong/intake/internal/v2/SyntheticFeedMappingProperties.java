package org.hutong.intake.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.hl7.fhir.r4.model.Bundle;
import org.hutong.intake.SyntheticFeed;

/** Everything the synthetic feed writes, with or without defects, parses and maps, the same way every time. */
class SyntheticFeedMappingProperties {

  private static final Instant NOW = Instant.parse("2024-03-20T02:00:00Z");
  private static final IParser JSON = FhirContext.forR4Cached().newJsonParser();
  private final V2Mapping mapping = new V2Mapping();

  @Property(tries = 40)
  void everyMessageMaps(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double defectRate) throws Exception {
    SyntheticFeed feed = new SyntheticFeed(seed, "BJCYH", "HIS", NOW, defectRate);
    for (int i = 0; i < 25; i++) {
      String text = feed.next();
      Mapped mapped = mapping.map(Samples.parse(text), Samples.SENDER);
      assertThat(mapped.transaction().getEntry()).isNotEmpty();
      assertThat(mapped.patientKey()).isNotBlank();
    }
  }

  @Property(tries = 20)
  void everyMessageTypeMapsWithDefects(@ForAll long seed) throws Exception {
    SyntheticFeed feed = new SyntheticFeed(seed, "BJCYH", "HIS", NOW, 1.0);
    for (int i = 0; i < 20; i++) {
      mapping.map(Samples.parse(feed.withDefects(1.0)), Samples.SENDER);
    }
    for (String text : new String[] {feed.adtA01(), feed.adtA04(), feed.adtA08(), feed.adtA03(), feed.adtA40(), feed.oruR01(),
        feed.ormO01(), feed.mdmT02(), feed.vxuV04()}) {
      assertThat(mapping.map(Samples.parse(text), Samples.SENDER).transaction().getEntry()).isNotEmpty();
    }
  }

  @Property(tries = 30)
  void mappingIsDeterministicApartFromFullUrls(@ForAll long seed) throws Exception {
    SyntheticFeed feed = new SyntheticFeed(seed, "BJCYH", "HIS", NOW, 0.2);
    for (int i = 0; i < 10; i++) {
      String text = feed.next();
      String first = withoutUuids(mapping.map(Samples.parse(text), Samples.SENDER).transaction());
      String second = withoutUuids(mapping.map(Samples.parse(text), Samples.SENDER).transaction());
      assertThat(second).isEqualTo(first);
    }
  }

  /** The bundle as JSON with each urn:uuid replaced by its order of first appearance. */
  private static String withoutUuids(Bundle bundle) {
    String json = JSON.encodeResourceToString(bundle);
    java.util.Map<String, String> seen = new java.util.LinkedHashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("urn:uuid:[0-9a-f-]{36}").matcher(json);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, seen.computeIfAbsent(m.group(), k -> "urn:entry:" + seen.size()));
    }
    m.appendTail(out);
    return out.toString();
  }
}

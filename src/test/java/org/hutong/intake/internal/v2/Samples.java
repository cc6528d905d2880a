package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** Loads and parses the sample messages the way the intake listener does. */
final class Samples {

  static final Sender SENDER = new Sender("BJCYH", "HIS", "bj-chaoyang");

  private Samples() {}

  /** A parser as the listener makes it: every version into the v2.5.1 model. */
  static PipeParser parser() {
    return new PipeParser(new CanonicalModelClassFactory("2.5.1"));
  }

  /** The text of a sample, one segment per line in the file, {@code \r}-separated here. */
  static String text(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/intake/samples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().lines().collect(Collectors.joining("\r"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Message parse(String text) throws HL7Exception {
    return parser().parse(text);
  }

  static Mapped map(String name) throws Exception {
    return new V2Mapping().map(parse(text(name)), SENDER);
  }

  /** The resources of the bundle that are of the given type, in entry order. */
  static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
  }

  /** The entry holding the resource. */
  static Bundle.BundleEntryComponent entryOf(Bundle bundle, Resource resource) {
    return bundle.getEntry().stream().filter(e -> e.getResource() == resource).findFirst().orElseThrow();
  }
}

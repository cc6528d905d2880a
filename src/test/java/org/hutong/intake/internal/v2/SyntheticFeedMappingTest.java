package org.hutong.intake.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hutong.identity.ResidentId;
import org.hutong.intake.SyntheticFeed;
import org.hutong.platform.NamingSystems;
import org.junit.jupiter.api.Test;

/** The synthetic feed, mapped: the content the demo relies on, and every kind of defect arriving in FHIR. */
class SyntheticFeedMappingTest {

  private static final Instant NOW = Instant.parse("2024-03-20T02:00:00Z");
  private final V2Mapping mapping = new V2Mapping();

  private List<Bundle> mapAll(SyntheticFeed feed, int count, double defects) throws Exception {
    List<Bundle> bundles = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bundles.add(mapping.map(Samples.parse(feed.withDefects(defects)), Samples.SENDER).transaction());
    }
    return bundles;
  }

  @Test
  void eachMessageTypeCarriesWhatTheMappingNeeds() throws Exception {
    SyntheticFeed feed = new SyntheticFeed(21, "BJCYH", "HIS", NOW, 0);
    Bundle results = mapping.map(Samples.parse(feed.oruR01()), Samples.SENDER).transaction();
    assertThat(Samples.resources(results, Observation.class)).isNotEmpty().allSatisfy(o -> {
      assertThat(o.getIdentifierFirstRep().getValue()).matches("L\\d{14}-\\d+");
      assertThat(o.getEffectiveDateTimeType().getValueAsString()).endsWith("+08:00");
      if (o.hasValueQuantity()) {
        assertThat(o.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(o.getReferenceRangeFirstRep().hasLow() || o.getReferenceRangeFirstRep().hasHigh()).isTrue();
      }
    });
    Bundle orders = mapping.map(Samples.parse(feed.ormO01()), Samples.SENDER).transaction();
    assertThat(Samples.resources(orders, ServiceRequest.class)).isNotEmpty()
        .allSatisfy(r -> assertThat(r.hasPriority() && r.hasAuthoredOn() && r.hasRequester()).isTrue());
    Bundle document = mapping.map(Samples.parse(feed.mdmT02()), Samples.SENDER).transaction();
    DocumentReference doc = Samples.resources(document, DocumentReference.class).getFirst();
    assertThat(new String(doc.getContentFirstRep().getAttachment().getData(), java.nio.charset.StandardCharsets.UTF_8)).contains("诊断：");
    Bundle vaccination = mapping.map(Samples.parse(feed.vxuV04()), Samples.SENDER).transaction();
    assertThat(Samples.resources(vaccination, Immunization.class)).isNotEmpty()
        .allSatisfy(im -> assertThat(im.hasOccurrenceDateTimeType()).isTrue());
    Bundle admission = mapping.map(Samples.parse(feed.adtA01()), Samples.SENDER).transaction();
    Encounter encounter = Samples.resources(admission, Encounter.class).getFirst();
    assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
    Patient patient = Samples.resources(admission, Patient.class).getFirst();
    assertThat(patient.getNameFirstRep().getText()).matches("\\p{IsHan}{2,3}");
    assertThat(patient.getTelecomFirstRep().getValue()).matches("1[3-9]\\d{9}");
  }

  @Test
  void everyKindOfDefectArrivesInFhir() throws Exception {
    List<Bundle> bundles = mapAll(new SyntheticFeed(8, "BJCYH", "HIS", NOW, 0), 600, 1.0);
    List<Patient> patients = bundles.stream().flatMap(b -> Samples.resources(b, Patient.class).stream()).toList();
    assertThat(patients).anySatisfy(p -> assertThat(p.hasGender()).isFalse());
    assertThat(patients).anySatisfy(p -> assertThat(p.getBirthDateElement().getValueAsString()).startsWith("1890"));
    assertThat(patients.stream().flatMap(p -> p.getIdentifier().stream())
        .filter(id -> NamingSystems.RESIDENT_ID.equals(id.getSystem()))
        .map(id -> ResidentId.validate(id.getValue(), LocalDate.of(2024, 3, 20))))
        .anySatisfy(v -> assertThat(v).isInstanceOf(ResidentId.Invalid.class));
    assertThat(bundles.stream().flatMap(b -> Samples.resources(b, Observation.class).stream()))
        .anySatisfy(o -> assertThat(o.hasValueQuantity() && !o.getValueQuantity().hasUnit()).isTrue());
    assertThat(bundles.stream().flatMap(b -> Samples.resources(b, Encounter.class).stream()).filter(e -> e.getPeriod().hasEnd()))
        .anySatisfy(e -> assertThat(e.getPeriod().getEnd()).isBefore(e.getPeriod().getStart()));
  }

  @Test
  void oneMappingServesManyThreads() throws Exception {
    int threads = 4;
    List<List<String>> expected = new ArrayList<>();
    List<List<ca.uhn.hl7v2.model.Message>> inputs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SyntheticFeed feed = new SyntheticFeed(100 + t, "BJCYH", "HIS", NOW, 0.1);
      List<ca.uhn.hl7v2.model.Message> messages = new ArrayList<>();
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        String text = feed.next();
        messages.add(Samples.parse(text));
        urls.add(requestUrls(mapping.map(Samples.parse(text), Samples.SENDER).transaction()));
      }
      inputs.add(messages);
      expected.add(urls);
    }
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
      List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
      for (List<ca.uhn.hl7v2.model.Message> messages : inputs) {
        results.add(pool.submit(() -> {
          List<String> urls = new ArrayList<>();
          for (ca.uhn.hl7v2.model.Message message : messages) {
            urls.add(requestUrls(mapping.map(message, Samples.SENDER).transaction()));
          }
          return urls;
        }));
      }
      for (int t = 0; t < threads; t++) {
        assertThat(results.get(t).get()).isEqualTo(expected.get(t));
      }
    }
  }

  private static String requestUrls(Bundle bundle) {
    StringBuilder out = new StringBuilder();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      out.append(entry.getRequest().getMethod()).append(' ').append(entry.getRequest().getUrl()).append(' ')
          .append(entry.getRequest().getIfNoneExist()).append('\n');
    }
    return out.toString();
  }
}

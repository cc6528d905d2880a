package org.hutong.record;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Synthea's bundles go in through the HAPI client and come back out unchanged, except for what
 * the server must change (ids, meta, resolved references); what comes out is valid FHIR R4
 * according to HAPI's offline validator.
 */
class SyntheaRoundTripTest {

  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/synthea");
  private static final FhirContext FHIR = RunningPlatform.context();
  private static final IGenericClient client = RunningPlatform.fhir();
  private static final Map<Path, Bundle> sent = new HashMap<>();
  private static final Map<Path, Bundle> responses = new HashMap<>();

  @BeforeAll
  static void loadFixtures() throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(file));
        sent.put(file, bundle.copy());
        responses.put(file, client.transaction().withBundle(bundle).execute());
      }
    }
  }

  @Test
  void everyEntrySucceeds() {
    responses.forEach(
        (file, response) -> {
          assertThat(response.getEntry()).as(file.toString()).hasSize(sent.get(file).getEntry().size());
          for (BundleEntryComponent e : response.getEntry()) {
            assertThat(e.getResponse().getStatus()).as(file.toString()).matches("20[01] .*");
          }
        });
  }

  @Test
  void patientBundlesComeBackAsTheyWereSent() {
    int compared = 0;
    for (Path file : sent.keySet()) {
      Bundle original = sent.get(file);
      if (original.getType() != Bundle.BundleType.TRANSACTION) {
        continue;
      }
      Map<String, String> placeholders = new HashMap<>();
      for (int i = 0; i < original.getEntry().size(); i++) {
        placeholders.put(
            original.getEntry().get(i).getFullUrl(),
            new IdType(responses.get(file).getEntry().get(i).getResponse().getLocation()).toUnqualifiedVersionless().getValue());
      }
      List<Resource> stored = readAll(responses.get(file));
      for (int i = 0; i < original.getEntry().size(); i++) {
        Resource expected = standalone(original.getEntry().get(i).getResource());
        Resource actual = stored.get(i);
        assertThat(actual.getMeta().getVersionId()).isEqualTo("1");
        compareReferences(expected, actual, placeholders);
        expected.setId((String) null);
        expected.setMeta(null);
        actual.setId((String) null);
        actual.setMeta(null);
        assertThat(FHIR.newJsonParser().encodeResourceToString(actual))
            .as(file.getFileName() + " entry " + i)
            .isEqualTo(FHIR.newJsonParser().encodeResourceToString(expected));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(700);
  }

  @Test
  void whatComesOutIsValidFhir() {
    FhirValidator validator = FHIR.newValidator();
    ValidationSupportChain support =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(FHIR),
            new InMemoryTerminologyServerValidationSupport(FHIR),
            new CommonCodeSystemsTerminologyService(FHIR));
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
    instanceValidator.setNoTerminologyChecks(true); // SNOMED CT, LOINC, RxNorm need a terminology server
    validator.registerValidatorModule(instanceValidator);
    List<String> errors = new ArrayList<>();
    int validated = 0;
    for (Bundle response : responses.values()) {
      for (Resource resource : readAll(response)) {
        for (SingleValidationMessage m : validator.validateWithResult(resource).getMessages()) {
          if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
            errors.add(resource.getIdElement().toUnqualifiedVersionless() + " " + m.getLocationString() + ": " + m.getMessage());
          }
        }
        validated++;
      }
    }
    assertThat(validated).isGreaterThan(760);
    assertThat(errors).isEmpty();
  }

  private static List<Resource> readAll(Bundle response) {
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    for (BundleEntryComponent e : response.getEntry()) {
      String location = new IdType(e.getResponse().getLocation()).toUnqualifiedVersionless().getValue();
      batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(location);
    }
    Bundle read = client.transaction().withBundle(batch).execute();
    List<Resource> out = new ArrayList<>();
    for (BundleEntryComponent e : read.getEntry()) {
      assertThat(e.getResponse().getStatus()).startsWith("200");
      out.add(standalone(e.getResource()));
    }
    return out;
  }

  /** The resource on its own, not linked by the parser to the other entries of its bundle. */
  private static Resource standalone(Resource resource) {
    return (Resource) FHIR.newJsonParser().parseResource(FHIR.newJsonParser().encodeResourceToString(resource));
  }

  /** Placeholders became the created ids, conditional references the one match; others are kept. */
  private static void compareReferences(Resource expected, Resource actual, Map<String, String> placeholders) {
    List<Reference> sentRefs = FHIR.newTerser().getAllPopulatedChildElementsOfType(expected, Reference.class);
    List<Reference> storedRefs = FHIR.newTerser().getAllPopulatedChildElementsOfType(actual, Reference.class);
    assertThat(storedRefs).hasSameSizeAs(sentRefs);
    for (int i = 0; i < sentRefs.size(); i++) {
      String was = sentRefs.get(i).getReference();
      String is = storedRefs.get(i).getReference();
      if (was == null) {
        assertThat(is).isNull();
      } else if (placeholders.containsKey(was)) {
        assertThat(is).isEqualTo(placeholders.get(was));
      } else if (was.contains("?")) {
        assertThat(is).startsWith(was.substring(0, was.indexOf('?')) + "/");
        client.read().resource(is.substring(0, is.indexOf('/'))).withId(is.substring(is.indexOf('/') + 1)).execute();
      } else {
        assertThat(is).isEqualTo(was);
      }
      // a parser links a reference to the bundle entry it names; unlink so nothing gets contained
      sentRefs.get(i).setReference(null).setResource(null);
      storedRefs.get(i).setReference(null).setResource(null);
    }
  }
}

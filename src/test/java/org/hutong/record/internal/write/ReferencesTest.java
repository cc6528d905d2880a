package org.hutong.record.internal.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * The planned reference walk finds what the walk over every element finds, extensions aside, and
 * the encoded form tells when extensions are there.
 */
class ReferencesTest {

  private static final FhirContext FHIR = FhirContext.forR4();
  private final References references = new References(FHIR);

  /** Records each reference and resolves conditional ones ({@code Type?query}) as the server would. */
  private static UnaryOperator<String> recording(List<String> seen) {
    return value -> {
      seen.add(value);
      int q = value.indexOf('?');
      return q > 0 ? value.substring(0, q) + "/resolved" : value;
    };
  }

  @Test
  void plannedWalkSeesEveryReferenceOfTheSyntheaFixtures() throws IOException {
    int resources = 0;
    int referencesSeen = 0;
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures/synthea"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(file));
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
          Resource resource = entry.getResource();
          List<String> planned = new ArrayList<>();
          List<String> all = new ArrayList<>();
          references.rewriteAndCheck(resource.copy(), recording(planned));
          references.rewriteAndCheckAll(resource, recording(all));
          assertThat(planned).as(resource.fhirType() + " " + resource.getIdPart()).containsExactlyInAnyOrderElementsOf(all);
          resources++;
          referencesSeen += all.size();
        }
      }
    }
    assertThat(resources).isEqualTo(761);
    assertThat(referencesSeen).isGreaterThan(2000);
  }

  @Test
  void rewritesAndChecksNestedReferences() {
    Claim claim = new Claim();
    claim.setPatient(new Reference("urn:uuid:p"));
    claim.addItem().addEncounter(new Reference("urn:uuid:e"));
    claim.addDiagnosis().setDiagnosis(new Reference("urn:uuid:c"));
    references.rewriteAndCheck(claim, v -> switch (v) {
      case "urn:uuid:p" -> "Patient/1";
      case "urn:uuid:e" -> "Encounter/2";
      case "urn:uuid:c" -> "Condition/3";
      default -> v;
    });
    assertThat(claim.getPatient().getReference()).isEqualTo("Patient/1");
    assertThat(claim.getItemFirstRep().getEncounterFirstRep().getReference()).isEqualTo("Encounter/2");
    assertThat(claim.getDiagnosisFirstRep().getDiagnosisReference().getReference()).isEqualTo("Condition/3");

    Claim wrong = new Claim();
    wrong.addItem().addEncounter(new Reference("Patient/1"));
    assertThatThrownBy(() -> references.rewriteAndCheck(wrong, UnaryOperator.identity()))
        .isInstanceOf(UnprocessableEntityException.class)
        .hasMessageContaining("Claim.item.encounter may not refer to a Patient");
  }

  @Test
  void referencesInExtensionsAreLeftToTheFullWalkWhichTheEncodedFormAsksFor() {
    Patient patient = new Patient();
    patient.addExtension().setUrl("http://example.org/managing").setValue(new Reference("urn:uuid:org"));
    Observation plain = new Observation();
    plain.setSubject(new Reference("Patient/1"));

    List<String> planned = new ArrayList<>();
    references.rewriteAndCheck(patient, recording(planned));
    assertThat(planned).isEmpty();
    assertThat(References.mayHideReferences(FHIR.newJsonParser().encodeResourceToString(patient))).isTrue();
    assertThat(References.mayHideReferences(FHIR.newJsonParser().encodeResourceToString(plain))).isFalse();

    assertThat(references.rewriteAndCheckAll(patient, v -> v.equals("urn:uuid:org") ? "Organization/9" : v)).isTrue();
    assertThat(((Reference) patient.getExtension().get(0).getValue()).getReference()).isEqualTo("Organization/9");
  }
}

package org.hutong.record.internal.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.security.SecureRandom;
import java.util.Set;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hutong.access.internal.crypto.IdentifierVault;
import org.hutong.access.internal.crypto.Keyring;
import org.hutong.access.internal.crypto.KeyringSource;
import org.hutong.platform.NamingSystems;
import org.junit.jupiter.api.Test;

/** Sealing and opening protected values in the JSON HAPI encodes, without parsing it. */
class SealedJsonTest {

  private static final FhirContext FHIR = FhirContext.forR4();

  private final SealedJson sealed =
      new SealedJson(new IdentifierVault(KeyringSource.fixed(Keyring.generate(new SecureRandom())), Set.of(NamingSystems.RESIDENT_ID, NamingSystems.PHONE)));

  private static String json(Patient patient) {
    return FHIR.newJsonParser().encodeResourceToString(patient);
  }

  @Test
  void protectedValuesAnywhereInAPatientAreSealedAndOpenToTheSameJson() {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue("11010519491231002X");
    patient.addIdentifier().setSystem("urn:hutong:test:mrn").setValue("MRN-7");
    patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("a \"quoted\" \\ 号码");
    patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue("li.na@example.cn");
    patient.addContact().addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("13911112222");
    patient.addExtension().setUrl("urn:hutong:test:ext").setValue(new org.hl7.fhir.r4.model.Identifier().setSystem(NamingSystems.RESIDENT_ID).setValue("440106198001010012"));
    String clear = json(patient);

    String stored = sealed.seal("Patient", clear);

    assertThat(stored).doesNotContain("11010519491231002X", "号码", "13911112222", "440106198001010012").contains("MRN-7", "li.na@example.cn");
    assertThat(stored.split("\"sm4:k1:", -1)).hasSize(5);
    assertThat(sealed.open(stored)).isEqualTo(clear);
    assertThat(sealed.same(stored, sealed.seal("Patient", clear))).isTrue();
    assertThat(sealed.same(stored, sealed.seal("Patient", clear.replace("MRN-7", "MRN-8")))).isFalse();
  }

  @Test
  void otherResourceTypesAreStoredAsTheyCome() {
    String practitioner = "{\"resourceType\":\"Practitioner\",\"identifier\":[{\"system\":\"" + NamingSystems.RESIDENT_ID + "\",\"value\":\"11010519491231002X\"}]}";
    assertThat(sealed.seal("Practitioner", practitioner)).isEqualTo(practitioner);
  }

  @Test
  void aClearStringShapedLikeASealedValueIsRefusedButMayMentionTheForm() {
    Patient patient = new Patient();
    patient.addName().setFamily("sm4:k1:AAAA");
    assertThatThrownBy(() -> sealed.seal("Patient", json(patient))).isInstanceOf(InvalidRequestException.class);

    Patient quoting = new Patient();
    quoting.addName().setText("he wrote \"sm4:k1:AAAA\"");
    assertThat(sealed.open(sealed.seal("Patient", json(quoting)))).isEqualTo(json(quoting));
  }

  @Test
  void aControlCharacterInAProtectedValueIsRefusedLikeAnywhereElse() {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue("110105\u000719491231002X");
    assertThatThrownBy(() -> sealed.seal("Patient", json(patient))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("Control characters");
  }

  @Test
  void anExtensionOnAProtectedSystemIsRefused() {
    Patient patient = new Patient();
    var identifier = patient.addIdentifier().setValue("11010519491231002X");
    identifier.setSystem(NamingSystems.RESIDENT_ID).getSystemElement().addExtension("urn:hutong:test:x", new StringType("y"));
    assertThatThrownBy(() -> sealed.seal("Patient", json(patient))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("extension");
  }

  @Test
  void aSealedValueOutsideAnIdentifierDoesNotOpen() {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(NamingSystems.RESIDENT_ID).setValue("11010519491231002X");
    String stored = sealed.seal("Patient", json(patient));
    String token = stored.substring(stored.indexOf("sm4:"), stored.indexOf('"', stored.indexOf("sm4:")));
    String moved = stored.replace("}]}", "}],\"name\":[{\"family\":\"" + token + "\"}]}");
    assertThatThrownBy(() -> sealed.open(moved)).isInstanceOf(IllegalStateException.class).hasMessageContaining("moved");
  }
}

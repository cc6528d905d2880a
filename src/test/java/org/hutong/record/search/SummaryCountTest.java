package org.hutong.record.search;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;

/** {@code _summary=count} over more matches than the largest page (it once answered 500). */
class SummaryCountTest {

  @Test
  void countsMoreMatchesThanTheLargestPage() {
    IGenericClient fhir = RunningPlatform.fhir();
    String system = "urn:hutong:test:" + RunningPlatform.unique("count");
    for (int batch = 0; batch < 5; batch++) {
      Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
      for (int i = 0; i < 401; i++) {
        Patient p = new Patient();
        p.addIdentifier().setSystem(system).setValue(batch + "-" + i);
        tx.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
      }
      fhir.transaction().withBundle(tx).execute();
    }
    Bundle counted =
        fhir.search()
            .forResource(Patient.class)
            .where(Patient.IDENTIFIER.hasSystemWithAnyCode(system))
            .summaryMode(SummaryEnum.COUNT)
            .returnBundle(Bundle.class)
            .execute();
    assertThat(counted.getTotal()).isEqualTo(2005);
    assertThat(counted.getEntry()).isEmpty();
    assertThat(counted.getLink(Bundle.LINK_NEXT)).isNull();
  }
}

package org.hutong.record.internal.rest;

import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.UnsignedIntType;

/** Patient adds {@code $everything}: the patient, the whole of its compartment and what supports it, paged. */
final class PatientProvider extends ResourceProvider {

  PatientProvider(RestServices services) {
    super(Patient.class, "Patient", services);
  }

  @Operation(name = "$everything", idempotent = true, bundleType = BundleTypeEnum.SEARCHSET)
  public IBundleProvider everything(
      @IdParam IIdType id,
      @OperationParam(name = "_count", typeName = "unsignedInt") UnsignedIntType count,
      @OperationParam(name = "_since", typeName = "instant") InstantType since,
      RequestDetails request) {
    return services.everything(request, id.getIdPart(), count == null ? null : count.getValue(), since);
  }
}

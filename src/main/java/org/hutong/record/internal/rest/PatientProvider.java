package org.hutong.record.internal.rest;

import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IIdType;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.UnsignedIntType;

/** Patient adds {@code $everything}: the patient, the whole of its compartment and what supports it, paged. */
final class PatientProvider extends ResourceProvider {

  private final PersonOperations persons;

  PatientProvider(RestServices services, PersonOperations persons) {
    super(Patient.class, "Patient", services);
    this.persons = persons;
  }

  /** IHE PIXm (ITI-83): the identifiers and records the person of {@code sourceIdentifier} has elsewhere. */
  @Operation(name = "$ihe-pix", idempotent = true)
  public Parameters pix(
      @OperationParam(name = "sourceIdentifier", min = 1, max = 1) TokenParam sourceIdentifier,
      @OperationParam(name = "targetSystem") List<UriType> targetSystems,
      RequestDetails request) {
    String token = sourceIdentifier == null ? null : (sourceIdentifier.getSystem() == null ? "" : sourceIdentifier.getSystem()) + "|"
        + (sourceIdentifier.getValue() == null ? "" : sourceIdentifier.getValue());
    List<String> systems = targetSystems == null ? List.of() : targetSystems.stream().map(UriType::getValue).toList();
    return persons.pix(request, token, systems);
  }

  /** IHE PDQm (ITI-119): the persons that look like the Patient given, scored and graded. */
  @Operation(name = "$match", idempotent = false)
  public Bundle match(
      @OperationParam(name = "resource", min = 1, max = 1) Patient resource,
      @OperationParam(name = "onlyCertainMatches", max = 1) BooleanType onlyCertainMatches,
      @OperationParam(name = "count", max = 1) IntegerType count,
      RequestDetails request) {
    return persons.match(request, resource, onlyCertainMatches == null ? null : onlyCertainMatches.getValue(),
        count == null ? null : count.getValue());
  }

  /** The person this record belongs to, its other records, findings and (for administrators) history. */
  @Operation(name = "$person", idempotent = true)
  public Parameters person(@IdParam IIdType id, RequestDetails request) {
    return persons.person(request, id.getIdPart());
  }

  @Operation(name = "$person-merge")
  public Parameters merge(
      @OperationParam(name = "patient", min = 1, max = 1) StringType patient,
      @OperationParam(name = "into", min = 1, max = 1) StringType into,
      @OperationParam(name = "reason", min = 1, max = 1) StringType reason,
      RequestDetails request) {
    return persons.merge(request, value(patient), value(into), value(reason));
  }

  @Operation(name = "$person-unmerge")
  public Parameters unmerge(
      @OperationParam(name = "patient", min = 1, max = 1) StringType patient,
      @OperationParam(name = "reason", min = 1, max = 1) StringType reason,
      RequestDetails request) {
    return persons.unmerge(request, value(patient), value(reason));
  }

  @Operation(name = "$person-split")
  public Parameters split(
      @OperationParam(name = "patient", min = 1, max = 1) StringType patient,
      @OperationParam(name = "reason", min = 1, max = 1) StringType reason,
      RequestDetails request) {
    return persons.split(request, value(patient), value(reason));
  }

  @Operation(name = "$person-review", idempotent = true)
  public Parameters reviews(@OperationParam(name = "count", max = 1) IntegerType count, RequestDetails request) {
    return persons.reviews(request, count == null ? null : count.getValue());
  }

  @Operation(name = "$person-review-decide")
  public Parameters decide(
      @OperationParam(name = "item", min = 1, max = 1) IntegerType item,
      @OperationParam(name = "decision", min = 1, max = 1) CodeType decision,
      @OperationParam(name = "reason", max = 1) StringType reason,
      RequestDetails request) {
    return persons.decide(request, item == null ? null : item.getValue(), decision == null ? null : decision.getValue(), value(reason));
  }

  private static String value(org.hl7.fhir.r4.model.PrimitiveType<?> p) {
    return p == null ? null : p.getValueAsString();
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

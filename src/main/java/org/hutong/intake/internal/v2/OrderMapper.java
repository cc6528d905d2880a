package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.TQ;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.message.OML_O21;
import ca.uhn.hl7v2.model.v251.message.ORM_O01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.model.v251.segment.PID;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/**
 * Orders (ORM^O01, OML^O21): per ORC/OBR pair a ServiceRequest keyed on the placer order number,
 * with the filler's number as a second identifier, the status from the order status (ORC-5) or
 * else the order control (ORC-1), code, time, requester and priority.
 */
final class OrderMapper {

  private record Order(ORC orc, OBR obr) {}

  private OrderMapper() {}

  static Mapped map(ORM_O01 message, Sender sender) throws MappingException {
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < message.getORDERReps(); i++) {
      var group = message.getORDER(i);
      orders.add(new Order(group.getORC(), group.getORDER_DETAIL().getOBR()));
    }
    return map(message.getPATIENT().getPID(), orders, sender);
  }

  static Mapped map(OML_O21 message, Sender sender) throws MappingException {
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < message.getORDERReps(); i++) {
      var group = message.getORDER(i);
      var request = group.getOBSERVATION_REQUEST();
      orders.add(new Order(group.getORC(), request.getOBR()));
      // HAPI's OML_O21 parse puts an ORC that follows an OBR into the optional prior-result group
      // (ORDER_PRIOR) rather than a new ORDER; a "prior order" without any result is such an order.
      for (int r = 0; r < request.getPRIOR_RESULTReps(); r++) {
        var prior = request.getPRIOR_RESULT(r);
        for (int o = 0; o < prior.getORDER_PRIORReps(); o++) {
          var next = prior.getORDER_PRIOR(o);
          if (next.getOBSERVATION_PRIORReps() == 0 || V2Values.isEmpty(next.getOBSERVATION_PRIOR(0).getOBX())) {
            orders.add(new Order(next.getORC(), next.getOBR()));
          }
        }
      }
    }
    return map(message.getPATIENT().getPID(), orders, sender);
  }

  private static Mapped map(PID pid, List<Order> orders, Sender sender) throws MappingException {
    String org = sender.organization();
    Transaction tx = new Transaction();
    PatientMapper.MappedPatient mapped = PatientMapper.map(pid, 1, sender);
    Reference patient = tx.createIfNoneExist(mapped.patient(), V2Systems.mrn(org), mapped.mrn());
    int occurrence = 0;
    for (Order order : orders) {
      occurrence++;
      ServiceRequest request = request(order.orc(), order.obr(), occurrence, patient, org);
      Identifier placer = request.getIdentifierFirstRep();
      if (tx.contains("ServiceRequest", placer.getSystem(), placer.getValue())) {
        throw new MappingException("ORC", occurrence, 2, 1, MappingException.DUPLICATE_KEY,
            "two orders of the message have the same placer order number");
      }
      tx.put(request, placer.getSystem(), placer.getValue());
    }
    if (occurrence == 0) {
      throw new MappingException("ORC", 1, 0, 0, MappingException.SEGMENT_SEQUENCE, "the message has no ORC segment");
    }
    return new Mapped(tx.bundle(), mapped.mrn());
  }

  private static ServiceRequest request(ORC orc, OBR obr, int occurrence, Reference patient, String org)
      throws MappingException {
    ServiceRequest request = new ServiceRequest();
    String placer = first(V2Values.text(orc.getPlacerOrderNumber().getEntityIdentifier()),
        V2Values.text(obr.getPlacerOrderNumber().getEntityIdentifier()));
    if (placer == null) {
      throw new MappingException("ORC", occurrence, 2, 1, MappingException.REQUIRED_FIELD_MISSING,
          "ORC-2 or OBR-2 (placer order number) is required");
    }
    request.addIdentifier(new Identifier().setSystem(V2Systems.placerOrder(org)).setValue(placer));
    String filler = first(V2Values.text(orc.getFillerOrderNumber().getEntityIdentifier()),
        V2Values.text(obr.getFillerOrderNumber().getEntityIdentifier()));
    if (filler != null) {
      request.addIdentifier(new Identifier().setSystem(V2Systems.fillerOrder(org)).setValue(filler));
    }
    request.setStatus(status(V2Values.text(orc.getOrderStatus()), V2Values.text(orc.getOrderControl()), occurrence));
    request.setIntent(ServiceRequestIntent.ORDER);
    CodeableConcept code = V2Values.codeable(obr.getUniversalServiceIdentifier(), org);
    if (code == null) {
      throw new MappingException("OBR", occurrence, 4, 1, MappingException.REQUIRED_FIELD_MISSING,
          "OBR-4 (universal service identifier) is required");
    }
    request.setCode(code);
    request.setSubject(patient);
    request.setAuthoredOnElement(V2Dates.dateTime(orc.getDateTimeOfTransaction(), "ORC", occurrence, 9));
    for (XCN provider : orc.getOrderingProvider()) {
      Reference requester = EncounterMapper.practitioner(provider, org);
      if (requester != null) {
        request.setRequester(requester);
        break;
      }
    }
    if (!request.hasRequester()) {
      for (XCN provider : obr.getOrderingProvider()) {
        Reference requester = EncounterMapper.practitioner(provider, org);
        if (requester != null) {
          request.setRequester(requester);
          break;
        }
      }
    }
    ServiceRequestPriority priority = priority(obr.getQuantityTiming());
    request.setPriority(priority != null ? priority : priority(orc.getQuantityTiming()));
    for (CE reason : obr.getReasonForStudy()) {
      CodeableConcept concept = V2Values.codeable(reason, org);
      if (concept != null) {
        request.addReasonCode(concept);
      }
    }
    return request;
  }

  /** ORC-5 (HL7 table 0038) when given, else ORC-1 (table 0119). */
  private static ServiceRequestStatus status(String orderStatus, String control, int occurrence) throws MappingException {
    if (orderStatus != null) {
      switch (orderStatus.toUpperCase(Locale.ROOT)) {
        case "CM":
          return ServiceRequestStatus.COMPLETED;
        case "CA", "DC":
          return ServiceRequestStatus.REVOKED;
        case "HD":
          return ServiceRequestStatus.ONHOLD;
        case "IP", "SC", "A":
          return ServiceRequestStatus.ACTIVE;
        case "ER":
          return ServiceRequestStatus.ENTEREDINERROR;
        default:
          break;
      }
    }
    if (control == null) {
      throw new MappingException("ORC", occurrence, 1, 0, MappingException.REQUIRED_FIELD_MISSING, "ORC-1 (order control) is required");
    }
    return switch (control.toUpperCase(Locale.ROOT)) {
      case "NW", "SC", "IP", "XO", "XX", "OK", "RP", "RO", "SN" -> ServiceRequestStatus.ACTIVE;
      case "CA", "OC", "DC", "OD", "CR", "DR" -> ServiceRequestStatus.REVOKED;
      case "HD", "OH" -> ServiceRequestStatus.ONHOLD;
      case "RL", "OE" -> ServiceRequestStatus.ACTIVE;
      case "CM" -> ServiceRequestStatus.COMPLETED;
      default -> ServiceRequestStatus.UNKNOWN;
    };
  }

  /** TQ-6 priority: S (stat), A (asap), R (routine); else null. */
  private static ServiceRequestPriority priority(TQ[] timings) {
    for (TQ tq : timings) {
      String code = V2Values.text(tq.getPriority());
      if (code != null) {
        switch (code.toUpperCase(Locale.ROOT)) {
          case "S", "STAT":
            return ServiceRequestPriority.STAT;
          case "A", "ASAP":
            return ServiceRequestPriority.ASAP;
          case "R", "ROUTINE", "T", "P", "C":
            return ServiceRequestPriority.ROUTINE;
          default:
            break;
        }
      }
    }
    return null;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}

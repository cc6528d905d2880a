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

  /** One order; {@code timingPriority} is TQ1-9 where the message has TQ1 (OML), else null. */
  private record Order(ORC orc, OBR obr, String timingPriority) {}

  private OrderMapper() {}

  static Mapped map(ORM_O01 message, Sender sender) throws MappingException {
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < message.getORDERReps(); i++) {
      var group = message.getORDER(i);
      orders.add(new Order(group.getORC(), group.getORDER_DETAIL().getOBR(), null));
    }
    return map(message.getPATIENT().getPID(), orders, sender);
  }

  static Mapped map(OML_O21 message, Sender sender) throws MappingException {
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < message.getORDERReps(); i++) {
      var group = message.getORDER(i);
      var request = group.getOBSERVATION_REQUEST();
      String timing = group.getTIMINGReps() == 0 || group.getTIMING(0).getTQ1().getPriorityReps() == 0 ? null
          : V2Values.text(group.getTIMING(0).getTQ1().getPriority(0).getIdentifier());
      orders.add(new Order(group.getORC(), request.getOBR(), timing));
      // HAPI's OML_O21 parse puts an ORC that follows an OBR into the optional prior-result group
      // (ORDER_PRIOR) rather than a new ORDER; a "prior order" without any result is such an order.
      for (int r = 0; r < request.getPRIOR_RESULTReps(); r++) {
        var prior = request.getPRIOR_RESULT(r);
        for (int o = 0; o < prior.getORDER_PRIORReps(); o++) {
          var next = prior.getORDER_PRIOR(o);
          if (next.getOBSERVATION_PRIORReps() == 0 || V2Values.isEmpty(next.getOBSERVATION_PRIOR(0).getOBX())) {
            String priorTiming = next.getTIMING_PRIORReps() == 0 || next.getTIMING_PRIOR(0).getTQ1().getPriorityReps() == 0 ? null
                : V2Values.text(next.getTIMING_PRIOR(0).getTQ1().getPriority(0).getIdentifier());
            orders.add(new Order(next.getORC(), next.getOBR(), priorTiming));
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
      ServiceRequest request = request(order, occurrence, patient, org);
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

  private static ServiceRequest request(Order order, int occurrence, Reference patient, String org)
      throws MappingException {
    ORC orc = order.orc();
    OBR obr = order.obr();
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
    priority = priority != null ? priority : priority(orc.getQuantityTiming());
    request.setPriority(priority != null ? priority : priority(order.timingPriority()));
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

  /** The first TQ-6 priority that means something. */
  private static ServiceRequestPriority priority(TQ[] timings) {
    for (TQ tq : timings) {
      ServiceRequestPriority priority = priority(V2Values.text(tq.getPriority()));
      if (priority != null) {
        return priority;
      }
    }
    return null;
  }

  /** HL7 table 0485: S (stat), A (asap), T (timing critical, as urgent), R (routine) and the like; else null. */
  private static ServiceRequestPriority priority(String code) {
    if (code == null) {
      return null;
    }
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "S", "STAT" -> ServiceRequestPriority.STAT;
      case "A", "ASAP" -> ServiceRequestPriority.ASAP;
      case "T", "TS", "TM" -> ServiceRequestPriority.URGENT;
      case "R", "ROUTINE", "P", "C", "PRN" -> ServiceRequestPriority.ROUTINE;
      default -> null;
    };
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}

package org.hutong.intake.internal.v2;

import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.segment.PID;
import java.util.Locale;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * The patient of a message, from its PID segment: identifiers (the MRN, which every message must
 * carry, the resident ID and the health card number), name, sex, birth date, address, phone
 * numbers and death.
 */
final class PatientMapper {

  /** A mapped patient and the MRN it is keyed on. */
  record MappedPatient(Patient patient, String mrn) {}

  private PatientMapper() {}

  /** Maps PID; {@code occurrence} is the PID's position in the message, for error locations. */
  static MappedPatient map(PID pid, int occurrence, Sender sender) throws MappingException {
    String org = sender.organization();
    Patient patient = new Patient();
    String mrn = null;
    for (CX cx : pid.getPatientIdentifierList()) {
      String value = V2Values.text(cx.getIDNumber());
      if (value == null) {
        continue;
      }
      String type = V2Values.text(cx.getIdentifierTypeCode());
      String system = identifierSystem(type, org);
      if (system == null) {
        continue;
      }
      if (system.equals(V2Systems.RESIDENT_ID)) {
        value = value.toUpperCase(Locale.ROOT);
      }
      if (mrn == null && system.equals(V2Systems.mrn(org))) {
        mrn = value;
      }
      patient.addIdentifier(new Identifier().setSystem(system).setValue(value));
    }
    if (mrn == null) {
      throw new MappingException("PID", occurrence, 3, 1, MappingException.REQUIRED_FIELD_MISSING,
          "PID-3 has no medical record number (identifier type MR or PI)");
    }
    patient.setActive(true);
    for (XPN xpn : pid.getPatientName()) {
      HumanName name = name(xpn);
      if (name != null) {
        patient.addName(name);
      }
    }
    patient.setBirthDateElement(V2Dates.date(pid.getDateTimeOfBirth(), "PID", occurrence, 7));
    String sex = V2Values.text(pid.getAdministrativeSex());
    if (sex != null) {
      patient.setGender(gender(sex, occurrence));
    }
    for (XAD xad : pid.getPatientAddress()) {
      Address address = address(xad);
      if (address != null) {
        patient.addAddress(address);
      }
    }
    for (XTN xtn : pid.getPhoneNumberHome()) {
      addTelecom(patient, xtn, ContactPoint.ContactPointUse.HOME);
    }
    for (XTN xtn : pid.getPhoneNumberBusiness()) {
      addTelecom(patient, xtn, ContactPoint.ContactPointUse.WORK);
    }
    var death = V2Dates.dateTime(pid.getPatientDeathDateAndTime(), "PID", occurrence, 29);
    if (death != null) {
      patient.setDeceased(death);
    } else {
      String indicator = V2Values.text(pid.getPatientDeathIndicator());
      if ("Y".equalsIgnoreCase(indicator)) {
        patient.setDeceased(new BooleanType(true));
      } else if ("N".equalsIgnoreCase(indicator)) {
        patient.setDeceased(new BooleanType(false));
      }
    }
    patient.setManagingOrganization(organization(org));
    return new MappedPatient(patient, mrn);
  }

  /** The identifier system of a PID-3 (or MRG-1) repetition by its type (CX.5), or null when not one we keep. */
  static String identifierSystem(String type, String organization) {
    if (type == null) {
      return V2Systems.mrn(organization);
    }
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "MR", "PI" -> V2Systems.mrn(organization);
      case "NNCHN", "ID", "NI" -> V2Systems.RESIDENT_ID;
      case "HC" -> V2Systems.HEALTH_CARD;
      default -> null;
    };
  }

  /** A reference to the institution as an Organization. */
  static Reference organization(String organization) {
    return new Reference("Organization/" + organization);
  }

  private static AdministrativeGender gender(String code, int occurrence) throws MappingException {
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "M" -> AdministrativeGender.MALE;
      case "F" -> AdministrativeGender.FEMALE;
      case "O" -> AdministrativeGender.OTHER;
      case "U" -> AdministrativeGender.UNKNOWN;
      default -> throw new MappingException("PID", occurrence, 8, 0, MappingException.TABLE_VALUE_NOT_FOUND,
          "PID-8 is not one of M, F, O, U (HL7 table 0001)");
    };
  }

  private static HumanName name(XPN xpn) {
    String family = V2Values.text(xpn.getFamilyName().getSurname());
    String given = V2Values.text(xpn.getGivenName());
    String middle = V2Values.text(xpn.getSecondAndFurtherGivenNamesOrInitialsThereof());
    if (family == null && given == null) {
      return null;
    }
    HumanName name = new HumanName().setFamily(family);
    if (given != null) {
      name.addGiven(given);
    }
    if (middle != null) {
      name.addGiven(middle);
    }
    if (V2Names.isCjk(family) || V2Names.isCjk(given)) {
      name.setText(V2Names.join(family, given));
    }
    String type = V2Values.text(xpn.getNameTypeCode());
    if ("L".equalsIgnoreCase(type)) {
      name.setUse(HumanName.NameUse.OFFICIAL);
    } else if ("A".equalsIgnoreCase(type)) {
      name.setUse(HumanName.NameUse.NICKNAME);
    } else if ("M".equalsIgnoreCase(type)) {
      name.setUse(HumanName.NameUse.MAIDEN);
    }
    return name;
  }

  private static Address address(XAD xad) {
    String street = V2Values.text(xad.getStreetAddress().getStreetOrMailingAddress());
    String other = V2Values.text(xad.getOtherDesignation());
    String city = V2Values.text(xad.getCity());
    String state = V2Values.text(xad.getStateOrProvince());
    String postal = V2Values.text(xad.getZipOrPostalCode());
    String country = V2Values.text(xad.getCountry());
    String district = V2Values.text(xad.getCountyParishCode());
    if (street == null && other == null && city == null && state == null && postal == null && district == null) {
      return null;
    }
    Address address = new Address();
    if (street != null) {
      address.addLine(street);
    }
    if (other != null) {
      address.addLine(other);
    }
    address.setCity(city).setDistrict(district).setState(state).setPostalCode(postal).setCountry(country);
    // Chinese order, largest first, no spaces; a municipality (北京市) is both province and city.
    StringBuilder text = new StringBuilder();
    if (state != null) {
      text.append(state);
    }
    if (city != null && !city.equals(state)) {
      text.append(city);
    }
    for (String part : new String[] {district, street, other}) {
      if (part != null) {
        text.append(part);
      }
    }
    address.setText(text.toString());
    String type = V2Values.text(xad.getAddressType());
    if ("H".equalsIgnoreCase(type)) {
      address.setUse(Address.AddressUse.HOME);
    } else if ("O".equalsIgnoreCase(type) || "B".equalsIgnoreCase(type)) {
      address.setUse(Address.AddressUse.WORK);
    }
    return address;
  }

  private static void addTelecom(Patient patient, XTN xtn, ContactPoint.ContactPointUse use) {
    String equipment = V2Values.text(xtn.getTelecommunicationEquipmentType());
    if ("Internet".equalsIgnoreCase(equipment) || "X.400".equalsIgnoreCase(equipment)) {
      String email = V2Values.text(xtn.getEmailAddress());
      if (email != null) {
        patient.addTelecom(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(email).setUse(use));
      }
      return;
    }
    String number = V2Values.text(xtn.getUnformattedTelephoneNumber());
    if (number == null) {
      number = V2Values.text(xtn.getTelephoneNumber());
    }
    if (number == null) {
      return;
    }
    boolean mobile = "CP".equalsIgnoreCase(equipment) || "BP".equalsIgnoreCase(equipment);
    patient.addTelecom(new ContactPoint()
        .setSystem(ContactPoint.ContactPointSystem.PHONE)
        .setValue(number)
        .setUse(mobile ? ContactPoint.ContactPointUse.MOBILE : use));
  }
}

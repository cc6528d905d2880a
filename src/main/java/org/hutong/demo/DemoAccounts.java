package org.hutong.demo;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hutong.access.Accounts;
import org.hutong.access.Role;
import org.hutong.record.ClinicalRecords;

/**
 * The demo region's two institutions, the people who log in (one per role) and the institution
 * systems' clients. Passwords and secrets are printed on purpose: this is demo data only.
 */
final class DemoAccounts {

  static final String HOSPITAL = "demo-hospital";
  static final String CLINIC = "demo-clinic";
  static final String PASSWORD = "hutong-demo";
  /** The tag that names a record's institution (see record's WriteGuard). */
  static final String SOURCE = "https://hutong.org/fhir/CodeSystem/source-organization";

  record Person(String username, Role role, String organization, String name, String scopes) {}

  static final List<Person> PEOPLE =
      List.of(
          new Person("zhangwei", Role.RESIDENT, null, "张伟 (resident)", "openid patient/*.rs patient/Consent.cruds"),
          new Person("dr.li", Role.CLINICIAN, HOSPITAL, "李医生 (clinician, hospital)", "openid user/*.cruds"),
          new Person("dr.wang", Role.CLINICIAN, CLINIC, "王医生 (clinician, clinic)", "openid user/*.cruds"),
          new Person("pharmacist.chen", Role.PHARMACIST, HOSPITAL, "陈药师 (pharmacist, hospital)", "openid user/*.cruds"),
          new Person("cdc.zhao", Role.PUBLIC_HEALTH_OFFICER, null, "赵 (public-health officer)", "openid user/*.rs"),
          new Person("nhc.sun", Role.REGULATOR, null, "孙 (regulator)", "openid user/*.rs"),
          new Person("admin", Role.ADMINISTRATOR, null, "Administrator", "openid user/*.cruds"));

  record SystemClient(String id, String secret, String organization) {}

  static final List<SystemClient> SYSTEMS =
      List.of(
          new SystemClient("demo-hospital-his", "demo-hospital-secret", HOSPITAL),
          new SystemClient("demo-clinic-his", "demo-clinic-secret", CLINIC));

  private DemoAccounts() {}

  /** The institutions, written with fixed ids so accounts can name them. */
  static Bundle institutions() {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (String[] org : new String[][] {{HOSPITAL, "北京市第一人民医院"}, {CLINIC, "朝阳区社区卫生服务中心"}}) {
      Organization o = new Organization().setName(org[1]).setActive(true);
      o.setId(org[0]);
      bundle.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Organization/" + org[0]);
    }
    return bundle;
  }

  /**
   * A visit of the resident at the clinic, with a mental-health diagnosis (labelled PSY): what the
   * hospital sees of the clinic's records depends on the resident's consent.
   */
  static Bundle clinicVisit(String patient) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference("Patient/" + patient));
    visit.setClass_(new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
    visit.setServiceProvider(new Reference("Organization/" + CLINIC));
    visit.getMeta().addTag(SOURCE, CLINIC, null);
    bundle.addEntry().setFullUrl("urn:uuid:demo-visit").setResource(visit).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
    Condition anxiety = new Condition().setSubject(new Reference("Patient/" + patient)).setEncounter(new Reference("urn:uuid:demo-visit"));
    anxiety.getCode().addCoding().setSystem("http://hl7.org/fhir/sid/icd-10").setCode("F41.1").setDisplay("广泛性焦虑障碍");
    anxiety.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", "psychiatry");
    anxiety.getMeta().addTag(SOURCE, CLINIC, null);
    bundle.addEntry().setResource(anxiety).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
    return bundle;
  }

  static void enrol(Accounts accounts, String residentPatient) {
    for (Person person : PEOPLE) {
      accounts.enrolPerson(
          person.username(), PASSWORD, person.role(), person.organization(),
          person.role() == Role.RESIDENT ? Set.of(residentPatient) : Set.of(), person.name());
    }
    for (SystemClient system : SYSTEMS) {
      if (!accounts.hasClient(system.id())) {
        accounts.registerClient(system.id(), Role.INSTITUTION_SYSTEM, system.organization(), "system/*.cruds", system.secret());
      }
    }
  }

  /** How to log in and get a token as each demo role. */
  static String howTo(String port, int mllpPort) {
    String server = "http://localhost:" + port;
    StringBuilder out = new StringBuilder();
    out.append("\nDemo accounts (password ").append(PASSWORD).append("); get a token as a person with\n")
        .append("  ./hutong token --user USER --password ").append(PASSWORD).append(" --url=").append(server).append('\n');
    for (Person person : PEOPLE) {
      out.append(String.format("  %-16s %-22s scope \"%s\"%n", person.username(), person.role().code(), person.scopes()));
    }
    out.append("Institution systems (client credentials):\n");
    for (SystemClient system : SYSTEMS) {
      out.append("  curl -s -u ").append(system.id()).append(':').append(system.secret())
          .append(" -d grant_type=client_credentials -d 'scope=system/*.cruds' ").append(server).append("/oauth2/token\n");
    }
    out.append("Then: curl -H \"Authorization: Bearer $TOKEN\" ").append(server).append("/fhir/Patient?_count=5\n");
    out.append("Master patient index (").append(DemoResidents.RECORDS).append(" synthetic Chinese records of ").append(DemoResidents.PERSONS)
        .append(" residents at the hospital and the clinic, linked as they arrived), as an administrator:\n")
        .append("  ").append(server).append("/fhir/Patient/$person-review   (pairs waiting for a person to decide)\n")
        .append("  ").append(server).append("/fhir/Patient/ID/$person        (a record's person, its other records and history)\n")
        .append("  ").append(server).append("/fhir/Patient/$ihe-pix?sourceIdentifier=").append(DemoResidents.MRN).append("%7CR0000001\n");
    out.append("HL7 v2 over MLLP: the hospital (MSH-4 DEMO_HOSP) and the clinic (DEMO_CLINIC) sent their feeds on port ")
        .append(mllpPort).append("; the archive as an administrator: ").append(server).append("/api/intake/messages?outcome=AE\n")
        .append("Data-quality bulletin (数据质量月度通报): open ").append(server).append("/quality/bulletin in a browser and log in as nhc.sun\n");
    return out.toString();
  }
}

package org.hutong.quality.internal.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Organization;
import org.hutong.access.Caller;
import org.hutong.record.ClinicalRecords;

/** Institution names for the bulletin, read from the directory's Organization records. */
public final class Institutions {

  private final ClinicalRecords records;

  public Institutions(ClinicalRecords records) {
    this.records = records;
  }

  /** The name of each Organization id; the id itself when there is no such Organization. */
  public Map<String, String> names(Iterable<String> organizations) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String id : organizations) {
      String name = id;
      try {
        if (records.read(Caller.platform("quality"), "Organization", id) instanceof Organization o && o.hasName()) {
          name = o.getName();
        }
      } catch (ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException e) {
        // not found or deleted: the bulletin shows the id
      }
      names.put(id, name);
    }
    return names;
  }
}

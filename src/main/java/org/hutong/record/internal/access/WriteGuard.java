package org.hutong.record.internal.access;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.access.Caller;
import org.hutong.access.Interaction;
import org.hutong.record.internal.index.IndexValues;
import org.hutong.record.internal.store.StoredResource;

/**
 * What a caller may write, checked for every resource a request writes, whether it comes alone or
 * in a bundle: scopes per type and interaction; an institution writes and changes only its own
 * institution's records; a resident only their own (in practice: their Consents). Also stamps
 * each record with the institution it belongs to (a {@code meta.tag} in {@link #SOURCE_SYSTEM}).
 */
public final class WriteGuard {

  /** The tag system that names the institution a record came from. */
  public static final String SOURCE_SYSTEM = "https://hutong.org/fhir/CodeSystem/source-organization";

  private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final Caller caller;

  public WriteGuard(Caller caller) {
    this.caller = caller;
  }

  public Caller caller() {
    return caller;
  }

  /** Checks the scope and stamps the record's institution before it is encoded. */
  public void beforeWrite(String type, IBaseResource resource, Interaction interaction) {
    require(type, interaction);
    Resource r = (Resource) resource;
    if (!caller.writesAnyInstitution()) {
      r.getMeta().getTag().removeIf(tag -> SOURCE_SYSTEM.equals(tag.getSystem()));
      if (caller.organization() != null) {
        r.getMeta().addTag(SOURCE_SYSTEM, caller.organization(), null);
      }
    }
  }

  /** Fills what access decisions need from the extracted values and checks the resident rule. */
  public void afterExtract(String type, IBaseResource resource, IndexValues values) {
    Resource r = (Resource) resource;
    values.orgId = caller.writesAnyInstitution() ? taggedOrganization(r) : caller.organization();
    List<String> labels = new ArrayList<>();
    for (Coding label : r.getMeta().getSecurity()) {
      if (label.hasCode()) {
        if (!LABEL.matcher(label.getCode()).matches()) {
          throw new UnprocessableEntityException("meta.security code '" + label.getCode() + "' is not a valid code");
        }
        labels.add(label.getCode());
      }
    }
    values.labels = labels;
    if (resource instanceof Consent consent) {
      values.consentRules = ConsentRules.of(consent);
    }
    if (!caller.patients().isEmpty() && (values.patientId == null || !caller.patients().contains(values.patientId))) {
      throw new ForbiddenOperationException("A resident may write records of their own only");
    }
  }

  /** Before an update or delete of an existing record: scope and ownership. */
  public void beforeChange(StoredResource existing, Interaction interaction) {
    require(existing.type(), interaction);
    if (existing.deleted() || caller.writesAnyInstitution()) {
      return;
    }
    if (!caller.patients().isEmpty()) {
      if (existing.patientId() == null || !caller.patients().contains(existing.patientId())) {
        throw new ForbiddenOperationException("A resident may change records of their own only");
      }
      return;
    }
    if (existing.orgId() == null || !existing.orgId().equals(caller.organization())) {
      throw new ForbiddenOperationException(
          "Only the institution whose record it is may change " + existing.type() + "/" + existing.id());
    }
  }

  private void require(String type, Interaction interaction) {
    if (!caller.permits(type, interaction)) {
      throw new ForbiddenOperationException(
          "The token's scopes or the " + caller.role().code() + " role do not allow " + interaction.name().toLowerCase() + " of " + type);
    }
  }

  private static String taggedOrganization(Resource r) {
    for (Coding tag : r.getMeta().getTag()) {
      if (SOURCE_SYSTEM.equals(tag.getSystem()) && tag.hasCode()) {
        return tag.getCode();
      }
    }
    return null;
  }
}

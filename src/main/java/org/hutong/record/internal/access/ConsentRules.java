package org.hutong.record.internal.access;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hutong.record.internal.index.IndexValues.ConsentRule;

/**
 * Reads a privacy Consent as the rules {@link RowFilter} applies. Only an active Consent counts.
 * Its base provision says whether sharing is permitted (opt-in) or refused altogether; nested
 * {@code deny} provisions refuse sharing with the institutions named as actors and of the records
 * carrying the security labels named.
 */
public final class ConsentRules {

  private ConsentRules() {}

  public static List<ConsentRule> of(Consent consent) {
    List<ConsentRule> rules = new ArrayList<>();
    if (consent.getStatus() != Consent.ConsentState.ACTIVE || !consent.hasProvision()) {
      return rules;
    }
    Consent.ProvisionComponent base = consent.getProvision();
    rules.add(new ConsentRule(base.getType() == Consent.ConsentProvisionType.DENY ? "deny-all" : "permit", null, null));
    for (Consent.ProvisionComponent nested : base.getProvision()) {
      if (nested.getType() != Consent.ConsentProvisionType.DENY) {
        continue;
      }
      boolean specific = false;
      for (Consent.provisionActorComponent actor : nested.getActor()) {
        String reference = actor.getReference().getReference();
        if (reference != null && reference.startsWith("Organization/")) {
          rules.add(new ConsentRule("deny-org", reference.substring("Organization/".length()), null));
          specific = true;
        }
      }
      for (Coding label : nested.getSecurityLabel()) {
        if (label.hasCode()) {
          rules.add(new ConsentRule("deny-label", null, label.getCode()));
          specific = true;
        }
      }
      if (!specific) {
        rules.add(new ConsentRule("deny-all", null, null));
      }
    }
    return rules;
  }
}

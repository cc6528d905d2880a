package org.hutong.intake.internal.v2;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The transaction bundle of one message, built entry by entry. Every entry is keyed on a business
 * identifier, so that storing the bundle again changes nothing: a conditional update ({@code PUT
 * Type?identifier=system|value}), or, for a patient the message only refers to, a conditional
 * create that leaves an existing patient as it is. Entries refer to each other by their {@code
 * urn:uuid} full URLs. Not thread-safe: one per message.
 */
final class Transaction {

  private final Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
  private final Set<String> conditions = new HashSet<>();

  /** Whether an entry of this type is already keyed on the identifier (two entries on one key would clash). */
  boolean contains(String type, String system, String value) {
    return conditions.contains(type + "?" + condition(system, value));
  }

  /**
   * Adds {@code resource} as a conditional update on the identifier; returns a reference to its entry.
   *
   * @throws IllegalStateException when an entry is already keyed on it: check {@link #contains} first
   */
  Reference put(Resource resource, String system, String value) {
    String url = resource.fhirType() + "?" + condition(system, value);
    if (!conditions.add(url)) {
      throw new IllegalStateException("two entries with one condition");
    }
    String fullUrl = newFullUrl();
    bundle.addEntry()
        .setFullUrl(fullUrl)
        .setResource(resource)
        .getRequest()
        .setMethod(HTTPVerb.PUT)
        .setUrl(url);
    return new Reference(fullUrl);
  }

  /** Adds {@code resource} as a create unless one with the identifier exists; returns a reference to its entry. */
  Reference createIfNoneExist(Resource resource, String system, String value) {
    conditions.add(resource.fhirType() + "?" + condition(system, value));
    String fullUrl = newFullUrl();
    bundle.addEntry()
        .setFullUrl(fullUrl)
        .setResource(resource)
        .getRequest()
        .setMethod(HTTPVerb.POST)
        .setUrl(resource.fhirType())
        .setIfNoneExist(condition(system, value));
    return new Reference(fullUrl);
  }

  /** The bundle built so far. */
  Bundle bundle() {
    return bundle;
  }

  /**
   * The search {@code identifier=system|value}, system and value URL-encoded separately so that a
   * {@code |}, {@code &}, {@code ?} or {@code #} in a value cannot change its meaning.
   */
  static String condition(String system, String value) {
    return "identifier=" + URLEncoder.encode(system, StandardCharsets.UTF_8) + "|"
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A random (version 4) UUID as a URN; ThreadLocalRandom, since these need to be unique, not secret. */
  private static String newFullUrl() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return "urn:uuid:" + new UUID(most, least);
  }
}

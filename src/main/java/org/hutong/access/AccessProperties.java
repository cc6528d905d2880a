package org.hutong.access;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of authentication, authorisation and consent ({@code hutong.access.*}).
 *
 * @param defaultSharing the region's default for sharing a patient's records across institutions:
 *     {@code opt-out} (shared unless the patient refuses) or {@code opt-in} (shared only with a
 *     permitting Consent)
 * @param sensitiveLabels the security label codes (HL7 v3 ActCode) a patient can refuse to share
 *     by category, e.g. PSY (mental health), HIV, SEX (sexual and reproductive health)
 * @param issuer the token issuer: empty for the built-in authorisation server, or the issuer URI of
 *     an external one (Keycloak…) whose tokens are trusted instead
 * @param jwkSetUri the external issuer's JWK set URI, when it differs from discovery
 * @param audience the audience every token must carry
 * @param tokenLifetime how long an access token issued by the built-in server is valid
 */
@ConfigurationProperties("hutong.access")
public record AccessProperties(
    @DefaultValue("opt-out") String defaultSharing,
    @DefaultValue({"PSY", "HIV", "ETH", "SDV", "SEX", "STD", "GDIS"}) Set<String> sensitiveLabels,
    String issuer,
    String jwkSetUri,
    @DefaultValue("hutong-fhir") String audience,
    @DefaultValue("PT15M") Duration tokenLifetime) {

  public AccessProperties {
    if (!defaultSharing.equals("opt-out") && !defaultSharing.equals("opt-in")) {
      throw new IllegalArgumentException("hutong.access.default-sharing must be opt-out or opt-in, not '" + defaultSharing + "'");
    }
    sensitiveLabels = Set.copyOf(sensitiveLabels);
  }

  /** The settings when nothing is configured: the defaults declared above, bound as Spring would. */
  public static AccessProperties defaults() {
    return new Binder(new MapConfigurationPropertySource()).bindOrCreate("hutong.access", AccessProperties.class);
  }

  /** Whether records are shared across institutions unless the patient refuses. */
  public boolean sharedByDefault() {
    return defaultSharing.equals("opt-out");
  }

  /** Whether an external issuer is trusted instead of the built-in authorisation server. */
  public boolean externalIssuer() {
    return issuer != null && !issuer.isBlank();
  }
}

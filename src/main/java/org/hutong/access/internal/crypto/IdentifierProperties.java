package org.hutong.access.internal.crypto;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.hutong.platform.NamingSystems;
import org.hutong.platform.PlatformProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.modulith.NamedInterface;

/**
 * Settings of the protection of personal identifiers at rest ({@code hutong.access.identifiers.*}).
 *
 * @param keyring the keyring file ({@code HUTONG_KEYRING}); when not set, {@code
 *     <hutong.home>/keys/identifiers.keyring}, generated on first start. A keyring that is set
 *     explicitly must exist: it is never generated, so a wrong path cannot silently start a second
 *     set of keys
 * @param systems the protected systems: identifier systems whose values are sealed and
 *     blind-indexed, and {@code phone} for telecom with system phone. The default protects the
 *     resident ID, US social security numbers (the demo data is Synthea's, whose SSNs stand for
 *     national IDs) and phone numbers
 * @param reloadInterval how often the keyring file is checked for a change (a rotation by {@code
 *     hutong keys}); a value sealed with a key not yet loaded makes it reload at once
 */
@ConfigurationProperties("hutong.access.identifiers")
@NamedInterface("identifier-keys")
public record IdentifierProperties(
    Path keyring,
    @DefaultValue({NamingSystems.RESIDENT_ID, "http://hl7.org/fhir/sid/us-ssn", NamingSystems.PHONE}) Set<String> systems,
    @DefaultValue("PT10S") Duration reloadInterval) {

  public IdentifierProperties {
    if (keyring == null) {
      String env = System.getenv("HUTONG_KEYRING");
      keyring = env == null || env.isBlank() ? null : Path.of(env);
    }
    systems = Set.copyOf(systems);
    for (String system : systems) {
      if (system.isBlank() || system.indexOf('"') >= 0 || system.indexOf('\\') >= 0) {
        throw new IllegalArgumentException("hutong.access.identifiers.systems: '" + system + "' is not a usable system");
      }
    }
    if (reloadInterval.isNegative()) {
      throw new IllegalArgumentException("hutong.access.identifiers.reload-interval must not be negative");
    }
  }

  /** Whether the keyring file was named (and so must exist), rather than the default. */
  public boolean keyringNamed() {
    return keyring != null;
  }

  /** The keyring file: the one named, or the default under the data home. */
  public Path keyringFile(PlatformProperties platform) {
    return keyring != null ? keyring : platform.home().resolve("keys").resolve("identifiers.keyring");
  }
}

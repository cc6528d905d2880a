package org.hutong.access.internal.crypto;

import java.security.SecureRandom;
import java.nio.file.Path;
import org.hutong.access.PersonalIdentifiers;
import org.hutong.platform.PlatformProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link PersonalIdentifiers} bean over the configured keyring. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentifierProperties.class)
class IdentifierCryptoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(IdentifierCryptoConfiguration.class);

  @Bean
  PersonalIdentifiers personalIdentifiers(IdentifierProperties properties, PlatformProperties platform) {
    return new IdentifierVault(source(properties, platform), properties.systems());
  }

  /**
   * A throwaway database gets throwaway keys unless a keyring is named: tests and benchmarks must
   * not create key files in the user's data home, and their data is gone at exit anyway.
   */
  static KeyringSource source(IdentifierProperties properties, PlatformProperties platform) {
    if (!properties.keyringNamed() && platform.db().ephemeral() && !platform.db().external()) {
      log.info("Personal identifiers are sealed with throwaway keys held in memory (ephemeral database)");
      return KeyringSource.fixed(Keyring.generate(new SecureRandom()));
    }
    Path path = properties.keyringFile(platform);
    KeyringFile file = new KeyringFile(path);
    if (!file.exists() && !properties.keyringNamed()) {
      file.generate(new SecureRandom());
    }
    KeyringSource source = KeyringSource.file(file, properties.reloadInterval());
    log.info("Personal identifiers are protected with the keyring {}: {}", file.path(), source.current());
    return source;
  }
}

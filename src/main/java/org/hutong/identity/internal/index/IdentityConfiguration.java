package org.hutong.identity.internal.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.hutong.access.PersonalIdentifiers;
import org.hutong.identity.IdentityProperties;
import org.hutong.identity.PersonIndex;
import org.hutong.identity.internal.match.OnlineMatcher;
import org.hutong.identity.internal.match.TrainedModel;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The online master patient index. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class IdentityConfiguration {

  /** The model shipped with the platform: trained on a synthetic population (docs/benchmarks/empi.md). */
  static final String SHIPPED_MODEL = "identity/model.properties";

  @Bean
  PersonIndex personIndex(DataSource dataSource, IdentityProperties properties, PersonalIdentifiers vault, Clock clock) {
    OnlineMatcher matcher = new OnlineMatcher(model(properties), properties.settings());
    return new JdbcPersonIndex(new JdbcTemplate(dataSource), matcher, vault, clock);
  }

  static TrainedModel model(IdentityProperties properties) {
    try {
      if (!properties.model().isBlank()) {
        try (Reader in = Files.newBufferedReader(Path.of(properties.model()), StandardCharsets.UTF_8)) {
          return TrainedModel.read(in);
        }
      }
      try (InputStream in = IdentityConfiguration.class.getClassLoader().getResourceAsStream(SHIPPED_MODEL)) {
        if (in == null) {
          throw new IllegalStateException("The shipped identity model " + SHIPPED_MODEL + " is missing from the classpath");
        }
        return TrainedModel.read(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the identity model: " + e.getMessage(), e);
    }
  }
}

package org.hutong.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccessPropertiesTest {

  @Test
  void givenNothingConfigured_thenTheDeclaredDefaultsHold() {
    AccessProperties defaults = AccessProperties.defaults();
    assertThat(defaults.sharedByDefault()).isTrue();
    assertThat(defaults.audience()).isEqualTo("hutong-fhir");
    assertThat(defaults.tokenLifetime()).isEqualTo(Duration.ofMinutes(15));
    assertThat(defaults.sensitiveLabels()).contains("PSY", "HIV", "SEX");
    assertThat(defaults.externalIssuer()).isFalse();
  }

  @Test
  void givenAnUnknownSharingDefault_thenItIsRefusedByName() {
    assertThatThrownBy(() -> new AccessProperties("sometimes", java.util.Set.of(), null, null, "hutong-fhir", Duration.ofMinutes(1)))
        .hasMessageContaining("hutong.access.default-sharing");
  }
}

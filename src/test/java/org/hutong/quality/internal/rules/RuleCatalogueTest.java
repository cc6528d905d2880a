package org.hutong.quality.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hutong.quality.Dimension;
import org.hutong.quality.QualityRule;
import org.hutong.quality.Severity;
import org.junit.jupiter.api.Test;

/** The shipped catalogue loads, and a catalogue with a bad rule does not. */
class RuleCatalogueTest {

  private final RuleCatalogue catalogue = RuleCatalogue.shipped(ZoneId.of("Asia/Shanghai"));

  @Test
  void everyRuleIsCompleteAndItsCodeUnique() {
    List<QualityRule> rules = catalogue.rules();
    assertThat(rules).hasSizeBetween(25, 45);
    Set<String> codes = new HashSet<>();
    for (QualityRule rule : rules) {
      assertThat(codes.add(rule.code())).as("unique " + rule.code()).isTrue();
      assertThat(rule.code()).matches("[A-Z]{2,5}-(COMP|VAL|CONS|TIME)-\\d{3}");
      assertThat(rule.dimension()).isNotNull();
      assertThat(rule.severity()).isNotNull();
      assertThat(rule.check()).isIn(RuleCatalogue.KINDS);
      assertThat(rule.chinese()).as(rule.code()).containsPattern("[\\u4e00-\\u9fff]");
      assertThat(rule.english()).as(rule.code()).isNotBlank();
      String dimensionPart = rule.code().split("-")[1];
      assertThat(dimensionPart).as(rule.code() + " names its dimension")
          .isEqualTo(switch (rule.dimension()) {
            case COMPLETENESS -> "COMP";
            case VALIDITY -> "VAL";
            case CONSISTENCY -> "CONS";
            case TIMELINESS -> "TIME";
          });
    }
  }

  @Test
  void theCatalogueCoversTheClinicalTypesEveryDimensionAndEveryCheckKind() {
    assertThat(catalogue.rules()).extracting(QualityRule::resourceType).contains(
        "Patient", "Encounter", "Observation", "DiagnosticReport", "Immunization", "ServiceRequest", "DocumentReference", "Condition");
    assertThat(catalogue.rules()).extracting(QualityRule::dimension).contains(Dimension.values());
    assertThat(catalogue.rules()).extracting(QualityRule::check).containsAll(RuleCatalogue.KINDS);
    assertThat(catalogue.rules()).filteredOn(r -> r.severity() == Severity.FATAL).extracting(QualityRule::code).containsExactly("OBS-VAL-003");
  }

  @Test
  void eachRuleIsBoundToItsTypesCheck() {
    assertThat(catalogue.forType("Observation")).extracting(b -> b.rule().code()).contains("OBS-COMP-001", "OBS-CONS-001", "OBS-TIME-001");
    assertThat(catalogue.forType("Organization")).isEmpty();
  }

  @Test
  void aRuleWithAnUnknownPathKindOrParameterStopsTheCatalogue() {
    assertThatThrownBy(() -> read(rule("PAT-COMP-001", "required", "{\"path\":\"Patient.nickname\"}")))
        .hasMessageContaining("PAT-COMP-001").hasMessageContaining("Patient.nickname");
    assertThatThrownBy(() -> read(rule("PAT-COMP-001", "guess", "{}"))).hasMessageContaining("unknown check kind");
    assertThatThrownBy(() -> read(rule("PAT-COMP-001", "value-set", "{\"path\":\"Patient.gender\"}"))).hasMessageContaining("codes");
    assertThatThrownBy(() -> read(rule("PAT-COMP-001", "timeliness", "{\"path\":\"Patient.birthDate\",\"threshold\":\"a day\"}")))
        .hasMessageContaining("ISO 8601");
    String twice = "{\"rules\":[" + rule("PAT-COMP-001", "required", "{\"path\":\"Patient.gender\"}") + ","
        + rule("PAT-COMP-001", "required", "{\"path\":\"Patient.name\"}") + "]}";
    assertThatThrownBy(() -> RuleCatalogue.read(new ByteArrayInputStream(twice.getBytes(StandardCharsets.UTF_8)), ZoneId.of("UTC")))
        .hasMessageContaining("used twice");
  }

  private static String rule(String code, String check, String parameters) {
    return "{\"code\":\"" + code + "\",\"dimension\":\"completeness\",\"severity\":\"warning\",\"resourceType\":\"Patient\",\"check\":\""
        + check + "\",\"parameters\":" + parameters + ",\"zh\":\"测试\",\"en\":\"test\"}";
  }

  private static RuleCatalogue read(String rule) throws Exception {
    return RuleCatalogue.read(new ByteArrayInputStream(("{\"rules\":[" + rule + "]}").getBytes(StandardCharsets.UTF_8)), ZoneId.of("UTC"));
  }
}

package org.hutong.record.internal.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.hutong.access.AccessProperties;
import org.hutong.access.Caller;
import org.junit.jupiter.api.Test;

class RowFilterTest {

  @Test
  void givenAnotherAlias_thenOnlyTheRowsColumnsAreRenamed() {
    RowFilter filter = RowFilter.of(Caller.institutionSystem("his", "org-a", "system/*.rs"), AccessProperties.defaults());
    String sql = filter.sql("t3");
    assertThat(sql)
        .contains("t3.patient_id IS NULL", "k.patient_id IN (SELECT t3.patient_id UNION ALL", "a.patient_id = t3.patient_id", "t3.org_id IS NOT DISTINCT FROM ?", "ANY(t3.labels)")
        .contains("record.care_relationship k", "record.consent_rule d")
        .doesNotContain(" r.", "(r.");
    assertThat(filter.sql("r")).isEqualTo(filter.sql());
  }

  @Test
  void givenAnUnrestrictedCaller_thenTheFilterIsTrueUnderAnyAlias() {
    RowFilter filter = RowFilter.of(Caller.platform("ops"), AccessProperties.defaults());
    assertThat(filter.unrestricted()).isTrue();
    assertThat(filter.sql("t1")).isEqualTo("TRUE");
  }
}

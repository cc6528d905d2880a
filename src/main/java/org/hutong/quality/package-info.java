/**
 * Data quality (数据质控): every record the repository stores, from every channel, is checked
 * against a catalogue of rules ({@link org.hutong.quality.QualityRule}) as it is written; findings
 * are stored per record, and only rules of severity {@link org.hutong.quality.Severity#FATAL}
 * refuse a write. Per institution and month the findings become a {@link
 * org.hutong.quality.Scorecard}, FHIR MeasureReports and the monthly bulletin (数据质量月度通报).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Data quality")
package org.hutong.quality;

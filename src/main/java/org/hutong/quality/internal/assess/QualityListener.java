package org.hutong.quality.internal.assess;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hutong.platform.CopyRows;
import org.hutong.quality.Severity;
import org.hutong.record.RecordListener;
import org.hutong.record.StoredRecord;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Assesses every record the repository stores, inside the write's transaction: fatal findings
 * refuse the whole write with an OperationOutcome naming the rules; everything else is stored with
 * one COPY per table per write, so that quality costs the HL7 path no round trip per finding.
 */
public final class QualityListener implements RecordListener {

  private final Assessor assessor;
  private final DataSource dataSource;
  private final ZoneId zone;
  private final boolean refuseFatal;

  public QualityListener(Assessor assessor, DataSource dataSource, ZoneId zone, boolean refuseFatal) {
    this.assessor = assessor;
    this.dataSource = dataSource;
    this.zone = zone;
    this.refuseFatal = refuseFatal;
  }

  @Override
  public void stored(List<StoredRecord> records) {
    CopyRows assessments = new CopyRows("quality.assessment (organization, month, resource_type, resource_id, version, patient_id, assessed_at, event_time, delay_seconds, failed)", 256 * records.size());
    CopyRows findings = new CopyRows("quality.finding (organization, month, rule_code, resource_type, resource_id, version, patient_id, path, detail)");
    List<String> refused = new ArrayList<>(0);
    OperationOutcome outcome = null;
    for (StoredRecord r : records) {
      // types no rule covers (Claim, Procedure, …) are not assessed: they would only dilute the scores
      if (!(r.resource() instanceof Resource resource) || assessor.catalogue().forType(r.type()).isEmpty()) {
        continue;
      }
      Assessment a = assessor.assess(r.type(), resource, r.stored());
      if (refuseFatal && a.fatal()) {
        outcome = outcome == null ? new OperationOutcome() : outcome;
        for (Assessment.Found f : a.findings()) {
          if (f.rule().severity() == Severity.FATAL) {
            outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.BUSINESSRULE)
                .setDiagnostics(f.rule().code() + " (" + r.type() + "): " + f.rule().english() + " (" + f.detail() + ")")
                .addExpression(f.path())
                .getDetails().addCoding().setSystem(RULE_SYSTEM).setCode(f.rule().code()).setDisplay(f.rule().english());
            refused.add(f.rule().code());
          }
        }
        continue;
      }
      String organization = r.organization() == null ? "" : r.organization();
      LocalDate month = r.stored().atZone(zone).toLocalDate().withDayOfMonth(1);
      Long delay = a.eventTime() == null ? null : Duration.between(a.eventTime(), r.stored()).toSeconds();
      assessments.row(organization, month, r.type(), r.id(), r.version(), r.patientId(), r.stored(), a.eventTime(), delay, a.failed());
      for (Assessment.Found f : a.findings()) {
        findings.row(organization, month, f.rule().code(), r.type(), r.id(), r.version(), r.patientId(), f.path(), f.detail());
      }
    }
    if (outcome != null) {
      throw new UnprocessableEntityException("Refused by data-quality rules " + String.join(", ", new java.util.TreeSet<>(refused)), outcome);
    }
    if (assessments.rows() == 0) {
      return;
    }
    var connection = DataSourceUtils.getConnection(dataSource);
    try {
      assessments.send(connection);
      findings.send(connection);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("Cannot store data-quality assessments", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  /** The code system of rule codes in OperationOutcome issue details. */
  public static final String RULE_SYSTEM = "https://hutong.org/fhir/CodeSystem/quality-rule";
}

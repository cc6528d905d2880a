package org.hutong.quality.internal.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hutong.access.Caller;
import org.hutong.quality.Dimension;
import org.hutong.quality.Scorecard;
import org.hutong.record.ClinicalRecords;

/**
 * Scorecards as FHIR MeasureReports (one per institution and month, reported by it, a group per dimension and one
 * for volume), and their publication into the repository with a conditional update on the report's
 * identifier, so that publishing a month again replaces its reports.
 */
public final class MeasureReports {

  public static final String MEASURE = "https://hutong.org/fhir/Measure/data-quality";
  public static final String IDENTIFIER = "https://hutong.org/fhir/sid/quality-report";
  public static final String GROUPS = "https://hutong.org/fhir/CodeSystem/quality-dimension";
  private static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

  private final ClinicalRecords records;
  private final ZoneId zone;

  public MeasureReports(ClinicalRecords records, ZoneId zone) {
    this.records = records;
    this.zone = zone;
  }

  /** The report of one scorecard. */
  public MeasureReport report(Scorecard card, Instant now) {
    YearMonth month = card.month();
    MeasureReport report = new MeasureReport();
    report.addIdentifier().setSystem(IDENTIFIER).setValue(identifier(card.organization(), month));
    report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
    report.setType(MeasureReport.MeasureReportType.SUMMARY);
    report.setMeasure(MEASURE);
    // R4 does not allow an Organization as MeasureReport.subject; the institution is the reporter
    // (searchable as MeasureReport?reporter=) and part of the identifier
    report.setReporter(new Reference("Organization/" + card.organization()));
    report.setDate(Date.from(now));
    report.getPeriod()
        .setStart(Date.from(month.atDay(1).atStartOfDay(zone).toInstant()))
        .setEnd(Date.from(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().minusMillis(1)));
    for (Dimension d : Dimension.values()) {
      MeasureReport.MeasureReportGroupComponent group = report.addGroup();
      group.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(GROUPS, d.code(), d.chinese())));
      population(group, "initial-population", card.assessed().get(d.code()));
      population(group, "numerator", card.assessed().get(d.code()) - card.failed().get(d.code()));
      group.setMeasureScore(new Quantity().setValue(card.scores().get(d.code())).setUnit("%").setSystem("http://unitsofmeasure.org").setCode("%"));
    }
    MeasureReport.MeasureReportGroupComponent overall = report.addGroup();
    overall.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(GROUPS, "overall", "综合")));
    population(overall, "initial-population", card.records());
    overall.setMeasureScore(new Quantity().setValue(card.overall()).setUnit("%").setSystem("http://unitsofmeasure.org").setCode("%"));
    MeasureReport.MeasureReportGroupComponent volume = report.addGroup();
    volume.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(GROUPS, "volume", "数据量")));
    population(volume, "initial-population", card.records());
    MeasureReport.MeasureReportGroupStratifierComponent byType = volume.addStratifier();
    byType.addCode().setText("resource type");
    card.volume().forEach((type, count) -> {
      MeasureReport.StratifierGroupComponent stratum = byType.addStratum();
      stratum.setValue(new CodeableConcept().setText(type));
      stratum.addPopulation().setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(POPULATION, "initial-population", null)))
          .setCount((int) Math.min(Integer.MAX_VALUE, count));
    });
    return report;
  }

  /** The reports as a searchset-like collection Bundle. */
  public Bundle bundle(Collection<Scorecard> cards, Instant now) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.setTimestamp(Date.from(now));
    for (Scorecard card : cards) {
      bundle.addEntry().setResource(report(card, now));
    }
    return bundle;
  }

  /** Stores the reports, each replacing the one of its institution and month. */
  public Bundle publish(Collection<Scorecard> cards, Instant now) {
    Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (Scorecard card : cards) {
      transaction.addEntry()
          .setResource(report(card, now))
          .getRequest()
          .setMethod(Bundle.HTTPVerb.PUT)
          .setUrl("MeasureReport?identifier=" + IDENTIFIER + "|" + identifier(card.organization(), card.month()));
    }
    return records.process(Caller.platform("quality"), transaction);
  }

  static String identifier(String organization, YearMonth month) {
    return organization + "-" + month;
  }

  private static void population(MeasureReport.MeasureReportGroupComponent group, String code, long count) {
    group.addPopulation()
        .setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(POPULATION, code, null)))
        .setCount((int) Math.min(Integer.MAX_VALUE, count));
  }
}

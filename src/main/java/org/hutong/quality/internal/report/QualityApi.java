package org.hutong.quality.internal.report;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hutong.access.Caller;
import org.hutong.access.Role;
import org.hutong.quality.QualityProperties;
import org.hutong.quality.QualityRule;
import org.hutong.quality.Scorecard;
import org.hutong.quality.internal.rules.RuleCatalogue;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The data-quality JSON and FHIR API under {@code /api/quality} (bearer tokens). */
@RestController
@RequestMapping("/api/quality")
class QualityApi {

  private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");

  private final ScorecardStore store;
  private final MeasureReports reports;
  private final QualityAccess access;
  private final RuleCatalogue catalogue;
  private final FhirContext fhir;
  private final Clock clock;
  private final QualityProperties properties;

  QualityApi(ScorecardStore store, MeasureReports reports, QualityAccess access, RuleCatalogue catalogue, FhirContext fhir, Clock clock, QualityProperties properties) {
    this.store = store;
    this.reports = reports;
    this.access = access;
    this.catalogue = catalogue;
    this.fhir = fhir;
    this.clock = clock;
    this.properties = properties;
  }

  /** Every institution's scorecard of the month (regulators, administrators, public health). */
  @GetMapping("/scorecards")
  List<Scorecard> scorecards(@RequestParam(required = false) String month, HttpServletRequest request) {
    Caller caller = access.caller(request);
    access.check(caller, QualityAccess.seesRegion(caller), "quality-scorecards", request.getQueryString());
    Collection<Scorecard> cards = store.month(month(month), null).values();
    access.granted(caller, 'R', "quality-scorecards", request.getQueryString(), examples(cards));
    return List.copyOf(cards);
  }

  /** One institution's scorecard (also for its own staff and systems); 404 when it has no records that month. */
  @GetMapping("/scorecards/{organization}")
  ResponseEntity<Scorecard> scorecard(@PathVariable String organization, @RequestParam(required = false) String month, HttpServletRequest request) {
    Caller caller = access.caller(request);
    access.check(caller, QualityAccess.sees(caller, organization), "quality-scorecard", request.getQueryString());
    Scorecard card = store.month(month(month), organization).get(organization);
    access.granted(caller, 'R', "quality-scorecard", request.getQueryString(), card == null ? List.of() : examples(List.of(card)));
    return card == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(card);
  }

  /** The month's MeasureReports as a FHIR Bundle. */
  @GetMapping(value = "/measure-reports")
  ResponseEntity<String> measureReports(@RequestParam(required = false) String month, HttpServletRequest request) {
    Caller caller = access.caller(request);
    access.check(caller, QualityAccess.seesRegion(caller), "quality-measure-reports", request.getQueryString());
    Bundle bundle = reports.bundle(store.month(month(month), null).values(), clock.instant());
    access.granted(caller, 'R', "quality-measure-reports", request.getQueryString(), List.of());
    return ResponseEntity.ok().contentType(FHIR_JSON).body(fhir.newJsonParser().encodeResourceToString(bundle));
  }

  /** Stores the month's MeasureReports in the repository (administrators); answers the transaction response. */
  @PostMapping("/publish")
  ResponseEntity<String> publish(@RequestParam(required = false) String month, HttpServletRequest request) {
    Caller caller = access.caller(request);
    access.check(caller, caller.role() == Role.ADMINISTRATOR, "quality-publish", request.getQueryString());
    Bundle response = reports.publish(store.month(month(month), null).values(), clock.instant());
    access.granted(caller, 'E', "quality-publish", request.getQueryString(), List.of());
    return ResponseEntity.ok().contentType(FHIR_JSON).body(fhir.newJsonParser().encodeResourceToString(response));
  }

  /** The rule catalogue. */
  @GetMapping("/rules")
  List<QualityRule> rules(HttpServletRequest request) {
    access.caller(request);
    return catalogue.rules();
  }

  @ExceptionHandler(QualityAccess.Refused.class)
  ResponseEntity<Map<String, String>> refused(QualityAccess.Refused e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", "forbidden", "detail", e.getMessage()));
  }

  /** A refusal of the repository (e.g. publishing what it cannot store): its status and OperationOutcome. */
  @ExceptionHandler(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class)
  ResponseEntity<String> repositoryRefused(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException e) {
    org.hl7.fhir.r4.model.OperationOutcome outcome = e.getOperationOutcome() instanceof org.hl7.fhir.r4.model.OperationOutcome o ? o
        : new org.hl7.fhir.r4.model.OperationOutcome().addIssue(new org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent()
            .setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
            .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.PROCESSING)
            .setDiagnostics(e.getMessage()));
    return ResponseEntity.status(e.getStatusCode()).contentType(FHIR_JSON).body(fhir.newJsonParser().encodeResourceToString(outcome));
  }

  @ExceptionHandler(Months.BadMonth.class)
  ResponseEntity<Map<String, String>> badMonth(Months.BadMonth e) {
    return ResponseEntity.badRequest().body(Map.of("error", "bad-request", "detail", e.getMessage()));
  }

  private YearMonth month(String text) {
    return Months.of(text, clock, properties.zone());
  }

  static List<String> examples(Collection<Scorecard> cards) {
    List<String> refs = new ArrayList<>();
    for (Scorecard c : cards) {
      c.topRules().forEach(r -> refs.addAll(r.examples()));
    }
    return refs;
  }
}

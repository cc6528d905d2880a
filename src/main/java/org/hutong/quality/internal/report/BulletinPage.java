package org.hutong.quality.internal.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hutong.access.Caller;
import org.hutong.quality.Dimension;
import org.hutong.quality.QualityProperties;
import org.hutong.quality.QualityRule;
import org.hutong.quality.Scorecard;
import org.hutong.quality.internal.rules.RuleCatalogue;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The monthly bulletin (数据质量月度通报), server-rendered for a logged-in person: every institution
 * for regulators, administrators and public-health officers; its own for an institution's staff.
 */
@Controller
class BulletinPage {

  private static final int TREND_MONTHS = 6;

  /** One line of the institutions table. */
  record Row(int rank, String organization, String name, long records, Map<String, Double> scores, double overall) {}

  /** A rule's failures across the institutions shown. */
  record RuleLine(String code, String description, String dimension, long findings, List<String> examples) {}

  private final ScorecardStore store;
  private final QualityAccess access;
  private final Institutions institutions;
  private final RuleCatalogue catalogue;
  private final Clock clock;
  private final QualityProperties properties;
  private final ObjectMapper json = new ObjectMapper();

  BulletinPage(ScorecardStore store, QualityAccess access, Institutions institutions, RuleCatalogue catalogue, Clock clock, QualityProperties properties) {
    this.store = store;
    this.access = access;
    this.institutions = institutions;
    this.catalogue = catalogue;
    this.clock = clock;
    this.properties = properties;
  }

  @GetMapping("/quality/bulletin")
  String bulletin(@RequestParam(required = false) String month, HttpServletRequest request, Model model) throws JsonProcessingException {
    Caller caller = access.caller(request);
    boolean region = QualityAccess.seesRegion(caller);
    access.check(caller, region || caller.organization() != null && QualityAccess.sees(caller, caller.organization()), "quality-bulletin", request.getQueryString());
    YearMonth m = Months.of(month, clock, properties.zone());
    String only = region ? null : caller.organization();
    Map<String, Scorecard> cards = store.month(m, only);
    Map<String, String> names = institutions.names(cards.keySet());

    List<Scorecard> ranked = cards.values().stream().sorted(Comparator.comparingDouble(Scorecard::overall).reversed()).toList();
    List<Row> rows = new ArrayList<>();
    long records = 0;
    double weighted = 0;
    for (Scorecard c : ranked) {
      rows.add(new Row(rows.size() + 1, c.organization(), names.get(c.organization()), c.records(), c.scores(), c.overall()));
      records += c.records();
      weighted += c.overall() * c.records();
    }
    List<RuleLine> topRules = topRules(ranked);

    Map<String, Object> charts = new LinkedHashMap<>();
    charts.put("institutions", rows.stream().map(Row::name).toList());
    Map<String, List<Double>> byDimension = new LinkedHashMap<>();
    for (Dimension d : Dimension.values()) {
      byDimension.put(d.chinese(), rows.stream().map(r -> r.scores().get(d.code())).toList());
    }
    byDimension.put("综合", rows.stream().map(Row::overall).toList());
    charts.put("scores", byDimension);
    charts.put("rules", topRules.stream().map(RuleLine::code).toList());
    charts.put("ruleCounts", topRules.stream().map(RuleLine::findings).toList());
    List<String> labels = new ArrayList<>();
    for (int i = TREND_MONTHS - 1; i >= 0; i--) {
      labels.add(m.minusMonths(i).toString());
    }
    charts.put("months", labels);
    Map<String, List<Double>> trend = new LinkedHashMap<>();
    store.trend(m, TREND_MONTHS, only).forEach((org, points) -> {
      if (names.containsKey(org)) {
        trend.put(names.get(org), labels.stream().map(l -> points.get(YearMonth.parse(l))).toList());
      }
    });
    charts.put("trend", trend);

    model.addAttribute("title", "数据质量月度通报 " + m.getYear() + "年" + m.getMonthValue() + "月");
    model.addAttribute("month", m.toString());
    model.addAttribute("institutionCount", rows.size());
    model.addAttribute("records", records);
    model.addAttribute("overall", records == 0 ? null : Math.round(weighted / records * 10) / 10.0);
    model.addAttribute("rows", rows);
    model.addAttribute("dimensions", Dimension.values());
    model.addAttribute("topRules", topRules);
    model.addAttribute("rules", catalogue.rules());
    // inside <script type="application/json">: no character may close the element (names are data)
    model.addAttribute(
        "chartJson", json.writeValueAsString(charts).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"));
    access.granted(caller, 'R', "quality-bulletin", request.getQueryString(), QualityApi.examples(ranked));
    return "quality/bulletin";
  }

  private List<RuleLine> topRules(List<Scorecard> cards) {
    Map<String, Long> counts = new TreeMap<>();
    Map<String, List<String>> examples = new TreeMap<>();
    for (Scorecard c : cards) {
      for (Scorecard.RuleCount r : c.topRules()) {
        counts.merge(r.code(), r.findings(), Long::sum);
        List<String> e = examples.computeIfAbsent(r.code(), k -> new ArrayList<>());
        r.examples().stream().limit(3L - e.size()).forEach(e::add);
      }
    }
    Map<String, QualityRule> byCode = new LinkedHashMap<>();
    catalogue.rules().forEach(r -> byCode.put(r.code(), r));
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(10)
        .map(e -> {
          QualityRule rule = byCode.get(e.getKey());
          return new RuleLine(e.getKey(), rule == null ? "" : rule.chinese(), rule == null ? "" : rule.dimension().chinese(), e.getValue(), examples.get(e.getKey()));
        })
        .toList();
  }

  @ExceptionHandler(QualityAccess.Refused.class)
  ResponseEntity<String> refused() {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_HTML).body("<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>无权访问</title><p>无权查看该数据质量通报。</p></html>");
  }

  @ExceptionHandler(Months.BadMonth.class)
  ResponseEntity<String> badMonth() {
    return ResponseEntity.badRequest().contentType(MediaType.TEXT_HTML).body("<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>月份错误</title><p>月份格式应为 yyyy-MM，例如 2026-11。</p></html>");
  }
}

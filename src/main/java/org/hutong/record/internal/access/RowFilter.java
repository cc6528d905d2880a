package org.hutong.record.internal.access;

import java.util.ArrayList;
import java.util.List;
import org.hutong.access.AccessProperties;
import org.hutong.access.Caller;
import org.hutong.access.Visibility;

/**
 * The one SQL condition that decides which rows of {@code record.resource} (or its history) a
 * caller may see: care relationships, the patient's consent and the region's default sharing
 * policy, all taken per person: a resident's records at every institution are one record. Every way data leaves the store — read, search, totals, includes, paging, history,
 * {@code $everything} — adds it, so a refused record cannot leak through any of them.
 *
 * <p>A row about no patient (organisations, practitioners, medications…) is visible to every
 * caller whose scopes allow the type.
 */
public final class RowFilter {

  private static final RowFilter ALL = new RowFilter("TRUE", List.of(), "*");

  /**
   * The Patient records of the person the row's patient is (the master patient index's links, as
   * the record store keeps them), the row's own patient included: care at any institution that
   * holds a record of the resident, and consent given on any of the resident's records, count.
   */
  private static final String SAME_PERSON = "SELECT r.patient_id UNION ALL SELECT b.patient_id FROM record.patient_person a"
      + " JOIN record.patient_person b ON b.person_id = a.person_id WHERE a.patient_id = r.patient_id";

  private final String condition;
  private final List<Object> args;
  private final String owner;

  private RowFilter(String condition, List<Object> args, String owner) {
    this.condition = condition;
    this.args = List.copyOf(args);
    this.owner = owner;
  }

  /** No restriction: the platform's own bookkeeping (referential integrity, conditional locks). */
  public static RowFilter all() {
    return ALL;
  }

  public static RowFilter of(Caller caller, AccessProperties policy) {
    String owner = caller.subject() + "|" + caller.role().code() + "|" + caller.organization() + "|" + caller.patients() + "|" + caller.purpose().code();
    return switch (caller.visibility()) {
      case Visibility.All all -> new RowFilter("TRUE", List.of(), owner);
      case Visibility.NonPersonal none -> new RowFilter("r.patient_id IS NULL", List.of(), owner);
      case Visibility.OwnRecords own -> {
        Object patients = own.patients().toArray(String[]::new);
        yield new RowFilter("(r.patient_id IS NULL OR r.patient_id = ANY(?) OR r.patient_id IN (SELECT b.patient_id FROM"
            + " record.patient_person a JOIN record.patient_person b ON b.person_id = a.person_id WHERE a.patient_id = ANY(?)))",
            List.of(patients, patients), owner);
      }
      case Visibility.Institution institution -> institution(institution, policy, owner);
    };
  }

  private static RowFilter institution(Visibility.Institution institution, AccessProperties policy, String owner) {
    String org = institution.organization();
    List<Object> args = new ArrayList<>();
    // The institution's own records first: writing a record puts its patient in the writer's care,
    // so an own record needs no further look (and costs no lookup over the person's records).
    StringBuilder sql =
        new StringBuilder(
            "(r.patient_id IS NULL OR r.org_id IS NOT DISTINCT FROM ? OR (EXISTS (SELECT 1 FROM record.care_relationship k"
                + " WHERE k.patient_id IN (" + SAME_PERSON + ") AND k.org_id = ?) AND (");
    args.add(org);
    args.add(org);
    if (institution.breakGlass()) {
      sql.append("TRUE");
    } else {
      if (!policy.sharedByDefault()) {
        sql.append("EXISTS (SELECT 1 FROM record.consent_rule p WHERE p.patient_id IN (" + SAME_PERSON + ") AND p.rule = 'permit') AND ");
      }
      sql.append(
          "NOT EXISTS (SELECT 1 FROM record.consent_rule d WHERE d.patient_id IN (" + SAME_PERSON + ") AND (d.rule = 'deny-all'"
              + " OR (d.rule = 'deny-org' AND d.org_id = ?) OR (d.rule = 'deny-label' AND d.label = ANY(r.labels))))");
      args.add(org);
    }
    sql.append(")))");
    return new RowFilter(sql.toString(), args, owner);
  }

  /** The condition over a row aliased {@code r}. */
  public String sql() {
    return condition;
  }

  private static final java.util.regex.Pattern ALIAS = java.util.regex.Pattern.compile("\\br\\.");

  /** The same condition over a row aliased otherwise (e.g. the target of a chained search). */
  public String sql(String alias) {
    return ALIAS.matcher(condition).replaceAll(alias + ".");
  }

  public List<Object> args() {
    return args;
  }

  public boolean unrestricted() {
    return condition.equals("TRUE");
  }

  /** Who the rows were filtered for: a kept result list answers its owner only. */
  public String owner() {
    return owner;
  }
}

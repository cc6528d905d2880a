package org.hutong.identity;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.hutong.identity.internal.match.Deduplication;

/**
 * Finds the records that belong to the same person. Deterministic rules first (same valid
 * resident ID agreeing with sex and birth date, or same health card number); otherwise a
 * Fellegi–Sunter model whose m and u are estimated from the records themselves (u from random
 * pairs, m and λ by EM over the blocked pairs), with term-frequency adjustment for names. Pairs
 * are linked at {@link MatchSettings#linkProbability()}, and groups are formed so that every pair
 * inside a person clears {@link MatchSettings#reviewProbability()}.
 */
public final class PersonMatcher {

  private final MatchSettings settings;
  private final Clock clock;

  public PersonMatcher(MatchSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Deduplication: any two records may be the same person. */
  public MatchResult deduplicate(List<PersonRecord> records) {
    return new Deduplication(settings, today(), false).run(records);
  }

  /**
   * Linkage between sources, each taken to be free of duplicates: only records from different
   * sources are compared, and a person holds at most one record per source.
   */
  public MatchResult link(List<PersonRecord> records) {
    return new Deduplication(settings, today(), true).run(records);
  }

  /**
   * Fits the model to the records (no truth is read) and writes it for the online index
   * ({@code hutong.identity.model}); returns the fitted parameters, one line each.
   */
  public List<String> train(List<PersonRecord> records, java.io.Writer out) throws java.io.IOException {
    org.hutong.identity.internal.match.TrainedModel model = org.hutong.identity.internal.match.TrainedModel.train(records, settings, today());
    model.write(out);
    return model.describe();
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }
}

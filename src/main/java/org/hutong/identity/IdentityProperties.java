package org.hutong.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the master patient index (docs/configuration.md).
 *
 * @param linkProbability a record whose best pair reaches this posterior probability joins that person
 * @param reviewProbability from here up to the link probability a pair goes to review; also the bar every
 *     record of a person must clear against a record joining it
 * @param model a model file written by {@code hutong empi train}; empty: the model shipped with the platform
 */
@ConfigurationProperties("hutong.identity")
public record IdentityProperties(
    @DefaultValue("0.95") double linkProbability,
    @DefaultValue("0.5") double reviewProbability,
    @DefaultValue("") String model) {

  /** The matcher settings these stand for. */
  public MatchSettings settings() {
    MatchSettings defaults = MatchSettings.defaults();
    return new MatchSettings(linkProbability, reviewProbability, defaults.maxBlockSize(), defaults.randomPairs(), defaults.seed());
  }
}

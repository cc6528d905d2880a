package org.hutong.access.internal.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request rate limits per node ({@code hutong.access.rate-limit.*}). An authenticated request
 * counts against its OAuth client; one whose caller is not (yet) known counts against its network
 * address. Each key has a token bucket that refills at {@code rate} per second up to {@code burst}.
 *
 * <p>The defaults are generous so that a benchmark or a bulk load over loopback is never throttled;
 * a deployment tightens them (and puts a limit at the load balancer, since each node counts alone).
 *
 * @param enabled whether requests are limited at all
 * @param perAddress the limit for requests whose caller is not known, per remote address
 * @param perClient the limit for authenticated requests, per OAuth client
 * @param signIn the limit for presenting credentials (a password at {@code /login}, a client
 *     secret or code at {@code /oauth2/token}), per remote address; by default 1 per second with
 *     a burst of 60
 * @param maxTracked how many addresses and clients are tracked at once; the least recently seen
 *     is forgotten beyond it, so an attacker with many addresses cannot grow memory without bound
 */
@ConfigurationProperties("hutong.access.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue Limit perAddress,
    @DefaultValue Limit perClient,
    Limit signIn,
    @DefaultValue("100000") int maxTracked) {

  public RateLimitProperties {
    if (signIn == null) {
      signIn = new Limit(1, 60);
    }
    if (maxTracked < 1) {
      throw new IllegalArgumentException("hutong.access.rate-limit.max-tracked must be at least 1, not " + maxTracked);
    }
  }

  /**
   * One token bucket's shape.
   *
   * @param rate requests per second, sustained
   * @param burst requests allowed at once after a quiet spell (the bucket's size)
   */
  public record Limit(@DefaultValue("1000") double rate, @DefaultValue("2000") int burst) {

    public Limit {
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("A rate limit's rate must be a positive number of requests per second, not " + rate);
      }
      if (burst < 1) {
        throw new IllegalArgumentException("A rate limit's burst must be at least 1, not " + burst);
      }
    }

    /** How long an unused bucket takes to fill up again; after that it is as good as new. */
    Duration refillTime() {
      return Duration.ofNanos((long) Math.ceil(burst / rate * 1e9));
    }
  }
}

package org.hutong.access.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets on a hand-driven clock: bursts, refill, Retry-After and bounded memory. */
class TokenBucketsTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private TokenBuckets buckets(double rate, int burst, int maxTracked) {
    return new TokenBuckets(new RateLimitProperties.Limit(rate, burst), maxTracked, now::get);
  }

  private void advanceMillis(long millis) {
    now.addAndGet(millis * 1_000_000L);
  }

  @Test
  void givenAFullBucket_whenABurstArrives_thenItPassesAndTheNextRequestWaits() {
    TokenBuckets buckets = buckets(2, 5, 100);
    for (int i = 0; i < 5; i++) {
      assertThat(buckets.take("10.0.0.1").allowed()).as("request %d", i).isTrue();
    }
    TokenBuckets.Decision refused = buckets.take("10.0.0.1");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void givenAnEmptyBucket_whenTimePasses_thenItRefillsAtTheRate() {
    TokenBuckets buckets = buckets(2, 2, 100);
    buckets.take("a");
    buckets.take("a");
    assertThat(buckets.take("a").allowed()).isFalse();
    advanceMillis(499);
    assertThat(buckets.take("a").allowed()).isFalse();
    advanceMillis(2);
    assertThat(buckets.take("a").allowed()).isTrue();
    assertThat(buckets.take("a").allowed()).isFalse();
  }

  @Test
  void givenASlowRate_whenRefused_thenRetryAfterSaysHowLongInWholeSeconds() {
    TokenBuckets buckets = buckets(0.1, 1, 100); // one request per ten seconds
    buckets.take("a");
    assertThat(buckets.take("a").retryAfterSeconds()).isEqualTo(10);
    advanceMillis(7_500);
    assertThat(buckets.take("a").retryAfterSeconds()).isEqualTo(3);
  }

  @Test
  void givenTwoKeys_thenEachHasItsOwnBucket() {
    TokenBuckets buckets = buckets(1, 1, 100);
    assertThat(buckets.take("hospital-a").allowed()).isTrue();
    assertThat(buckets.take("hospital-a").allowed()).isFalse();
    assertThat(buckets.take("hospital-b").allowed()).isTrue();
  }

  @Test
  void givenManyAddresses_thenNoMoreThanMaxTrackedAreKept() {
    TokenBuckets buckets = buckets(1, 1, 1000);
    for (int i = 0; i < 50_000; i++) {
      buckets.take("198.51." + (i / 256) + "." + (i % 256));
    }
    assertThat(buckets.tracked()).isEqualTo(1000);
  }

  @Test
  void givenIdleBuckets_whenTheyHaveRefilled_thenTheyAreForgotten() {
    TokenBuckets buckets = buckets(10, 20, 1000); // refills in 2 s
    for (int i = 0; i < 100; i++) {
      buckets.take("addr-" + i);
    }
    advanceMillis(1_000);
    buckets.take("recent");
    assertThat(buckets.tracked()).isEqualTo(101);
    advanceMillis(1_500);
    buckets.take("another");
    assertThat(buckets.tracked()).as("the hundred idle for 2.5 s are gone").isEqualTo(2);
  }
}

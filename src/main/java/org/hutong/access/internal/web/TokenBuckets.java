package org.hutong.access.internal.web;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (an address or a client), in bounded memory: a bucket left alone until it
 * has refilled is dropped (a new one would be identical), and beyond {@code maxTracked} keys the
 * least recently used is dropped. One lock guards the map; the work under it is a few arithmetic
 * operations, far cheaper than the request it guards.
 */
final class TokenBuckets {

  /** Whether a request may go ahead and, if not, in how many whole seconds it may try again. */
  record Decision(boolean allowed, long retryAfterSeconds) {}

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  private final double ratePerNano;
  private final int burst;
  private final long idleNanos;
  private final int maxTracked;
  private final LongSupplier nanoTime;
  // access order: the eldest entry is the one used least recently, so idle ones gather at the head
  private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true);

  TokenBuckets(RateLimitProperties.Limit limit, int maxTracked, LongSupplier nanoTime) {
    this.ratePerNano = limit.rate() / 1e9;
    this.burst = limit.burst();
    this.idleNanos = limit.refillTime().toNanos();
    this.maxTracked = maxTracked;
    this.nanoTime = nanoTime;
  }

  /** Takes a token from the key's bucket when there is one. */
  Decision take(String key) {
    long now = nanoTime.getAsLong();
    synchronized (buckets) {
      evictIdle(now);
      Bucket bucket = buckets.get(key);
      if (bucket == null) {
        if (buckets.size() >= maxTracked) {
          Iterator<Map.Entry<String, Bucket>> eldest = buckets.entrySet().iterator();
          eldest.next();
          eldest.remove();
        }
        bucket = new Bucket(burst, now);
        buckets.put(key, bucket);
      } else {
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * ratePerNano);
        bucket.updated = now;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return new Decision(true, 0);
      }
      long wait = (long) Math.ceil((1 - bucket.tokens) / ratePerNano / 1e9);
      return new Decision(false, Math.max(1, wait));
    }
  }

  /** How many keys are tracked now. */
  int tracked() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  private void evictIdle(long now) {
    Iterator<Bucket> oldest = buckets.values().iterator();
    while (oldest.hasNext()) {
      if (now - oldest.next().updated < idleNanos) {
        return;
      }
      oldest.remove();
    }
  }
}

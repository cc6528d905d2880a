package org.hutong.access.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Set;
import org.hutong.access.Caller;
import org.hutong.access.Purpose;
import org.hutong.access.Role;
import org.hutong.access.Scopes;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What the rate limit counts against: the authenticated client when authentication ran first,
 * the address otherwise. (The HTTP behaviour is in {@link RateLimitTest}; the authenticated
 * caller cannot be put on a request from outside until the security layer exists.)
 */
class RateLimitFilterTest {

  private final RateLimit filter =
      new RateLimit(
          new TokenBuckets(new RateLimitProperties.Limit(1, 2), 100, System::nanoTime),
          new TokenBuckets(new RateLimitProperties.Limit(1, 1), 100, System::nanoTime));

  private static Caller clinicianVia(String client) {
    return new Caller("wangfang", client, true, Role.CLINICIAN, "org-1", Set.of(), Scopes.parse("user/*.rs"), Purpose.TREATMENT, "10.1.1.1");
  }

  private int send(String address, Caller caller) throws ServletException, IOException {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
    request.setRemoteAddr(address);
    if (caller != null) {
      request.setAttribute(Caller.ATTRIBUTE, caller);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response.getStatus();
  }

  @Test
  void givenAnAuthenticatedCaller_thenItsClientIsLimitedWhateverItsAddress() throws Exception {
    assertThat(send("10.1.1.1", clinicianVia("his-beijing-1"))).isEqualTo(200);
    assertThat(send("10.1.1.2", clinicianVia("his-beijing-1"))).as("same client, other address").isEqualTo(429);
    assertThat(send("10.1.1.1", clinicianVia("his-beijing-2"))).as("other client, same address").isEqualTo(200);
  }

  @Test
  void givenNoCallerYet_thenTheAddressIsLimited() throws Exception {
    assertThat(send("192.0.2.7", null)).isEqualTo(200);
    assertThat(send("192.0.2.7", null)).isEqualTo(200);
    assertThat(send("192.0.2.7", null)).isEqualTo(429);
    assertThat(send("192.0.2.8", null)).isEqualTo(200);
  }

  @Test
  void givenIpv6_thenOneSubscribersSlash64SharesABucket() throws Exception {
    assertThat(RateLimit.addressKey("2001:db8:1:2:aaaa::1")).isEqualTo(RateLimit.addressKey("2001:db8:1:2:bbbb::9"));
    assertThat(RateLimit.addressKey("2001:db8:1:2::1")).isNotEqualTo(RateLimit.addressKey("2001:db8:1:3::1"));
    assertThat(RateLimit.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
  }

  @Test
  void whenRefused_then429WithRetryAfterAndAnOperationOutcome() throws Exception {
    send("203.0.113.5", null);
    send("203.0.113.5", null);
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
    request.setRemoteAddr("203.0.113.5");
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(chain.getRequest()).as("the request went no further").isNull();
    assertThat(response.getHeader("Retry-After")).isEqualTo("1");
    assertThat(response.getContentType()).startsWith("application/fhir+json");
    assertThat(response.getContentAsString()).contains("\"resourceType\":\"OperationOutcome\"", "\"code\":\"throttled\"");
  }
}

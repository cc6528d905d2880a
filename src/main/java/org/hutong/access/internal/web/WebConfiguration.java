package org.hutong.access.internal.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The HTTP edge: security headers on every response, refusal of doubly encoded paths, rate
 * limits. Plain servlet filters, so they work with or without Spring Security in front.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class WebConfiguration {

  /**
   * Spring Security's filter chain runs at -100 (SecurityProperties.DEFAULT_FILTER_ORDER). The
   * rate limit runs just after it, so it sees the authenticated caller when there is one, and
   * before the FHIR filters that read and parse bodies.
   */
  static final int RATE_LIMIT_ORDER = -90;

  @Bean
  FilterRegistrationBean<SecurityHeaders> securityHeaders() {
    FilterRegistrationBean<SecurityHeaders> registration = new FilterRegistrationBean<>(new SecurityHeaders());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    registration.addUrlPatterns("/*");
    return registration;
  }

  @Bean
  FilterRegistrationBean<PathEncodingCheck> pathEncodingCheck() {
    FilterRegistrationBean<PathEncodingCheck> registration = new FilterRegistrationBean<>(new PathEncodingCheck());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    registration.addUrlPatterns("/*");
    return registration;
  }

  /**
   * Credentials are checked inside Spring Security's chain, so the limit on presenting them runs
   * before it.
   */
  static final int SIGN_IN_LIMIT_ORDER = -110;

  @Bean
  FilterRegistrationBean<SignInLimit> signInLimit(RateLimitProperties properties) {
    FilterRegistrationBean<SignInLimit> registration =
        new FilterRegistrationBean<>(new SignInLimit(new TokenBuckets(properties.signIn(), properties.maxTracked(), System::nanoTime)));
    registration.setOrder(SIGN_IN_LIMIT_ORDER);
    registration.addUrlPatterns("/login", "/oauth2/*");
    registration.setEnabled(properties.enabled());
    return registration;
  }

  @Bean
  FilterRegistrationBean<RateLimit> rateLimit(RateLimitProperties properties) {
    RateLimit filter =
        new RateLimit(
            new TokenBuckets(properties.perAddress(), properties.maxTracked(), System::nanoTime),
            new TokenBuckets(properties.perClient(), properties.maxTracked(), System::nanoTime));
    FilterRegistrationBean<RateLimit> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(RATE_LIMIT_ORDER);
    registration.addUrlPatterns("/*");
    registration.setEnabled(properties.enabled());
    return registration;
  }
}

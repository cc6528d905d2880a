package org.hutong.access.internal.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import javax.sql.DataSource;
import org.hutong.access.AccessProperties;
import org.hutong.access.AuditTrail;
import org.hutong.platform.PlatformProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Three filter chains: the built-in OAuth 2.0 / OpenID Connect authorisation server's endpoints;
 * the FHIR API and the JSON APIs under {@code /api} as a resource server that accepts only valid
 * bearer tokens (deny by default, {@code /fhir/metadata} and SMART discovery public); and the rest
 * (login form, web pages with a session, whose person is bound as a {@link
 * org.hutong.access.Caller} like a token's; static assets public).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class SecurityConfiguration {

  /** The public client people log in through from the command line ({@code hutong token}). */
  static final String CLI_CLIENT = "hutong-cli"; // same as org.hutong.cli.TokenClient

  static final String CLI_REDIRECT = "http://127.0.0.1:8765/callback";

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServer(HttpSecurity http, AuthenticationAudit audit) throws Exception {
    OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
    http.securityMatcher(server.getEndpointsMatcher())
        .with(
            server,
            as ->
                as.oidc(Customizer.withDefaults())
                    .tokenEndpoint(
                        token ->
                            token
                                .accessTokenResponseHandler(audit.tokenIssued(new OAuth2AccessTokenResponseAuthenticationSuccessHandler()))
                                .errorResponseHandler(audit.tokenRefused(new OAuth2ErrorAuthenticationFailureHandler())))
                    .clientAuthentication(client -> client.errorResponseHandler(audit.tokenRefused(new OAuth2ErrorAuthenticationFailureHandler()))))
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()))
        .headers(headers -> headers.disable()) // access.internal.web.SecurityHeaders writes them on every response
        .exceptionHandling(
            exceptions ->
                exceptions.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain fhirApi(HttpSecurity http, JwtDecoder decoder, AuthenticationAudit audit, AccessProperties properties) throws Exception {
    BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    http.securityMatcher("/fhir/**", "/api/**")
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/fhir/metadata", "/fhir/.well-known/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .headers(headers -> headers.disable())
        .requestCache(cache -> cache.disable())
        .oauth2ResourceServer(
            resource ->
                resource
                    .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new TokenCallers()))
                    .authenticationEntryPoint(audit.entryPoint(bearer)))
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(audit.entryPoint(bearer)))
        .addFilterBefore(new SmartDiscovery(properties), BearerTokenAuthenticationFilter.class)
        .addFilterAfter(new CallerBinding(), BearerTokenAuthenticationFilter.class);
    return http.build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain pages(HttpSecurity http, AuthenticationAudit audit, AccessProperties properties, JdbcAccounts accounts) throws Exception {
    http.headers(headers -> headers.disable())
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/login", "/error", "/.well-known/**", "/favicon.ico", "/webjars/**", "/assets/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(
            form ->
                form.successHandler(audit.loggedIn(new SavedRequestAwareAuthenticationSuccessHandler()))
                    .failureHandler(audit.loginRefused(new SimpleUrlAuthenticationFailureHandler("/login?error"))))
        .exceptionHandling(
            exceptions ->
                exceptions
                    .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML))
                    .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), request -> true))
        .addFilterBefore(new SmartDiscovery(properties), org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class)
        .addFilterAfter(new SessionCallers(accounts), org.springframework.security.web.access.intercept.AuthorizationFilter.class);
    return http.build();
  }

  @Bean
  AuthenticationAudit authenticationAudit(AuditTrail trail) {
    return new AuthenticationAudit(trail);
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  JdbcTemplate accessJdbc(DataSource dataSource) {
    return new JdbcTemplate(new SchemaScopedDataSource(dataSource));
  }

  @Bean
  RegisteredClientRepository registeredClients(JdbcTemplate accessJdbc) {
    return new JdbcRegisteredClientRepository(accessJdbc);
  }

  @Bean
  OAuth2AuthorizationService authorizations(JdbcTemplate accessJdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationService(accessJdbc, clients);
  }

  @Bean
  OAuth2AuthorizationConsentService authorizationConsents(JdbcTemplate accessJdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationConsentService(accessJdbc, clients);
  }

  @Bean
  JdbcAccounts accounts(JdbcTemplate accessJdbc, RegisteredClientRepository clients, PasswordEncoder passwords, AccessProperties properties) {
    JdbcAccounts accounts = new JdbcAccounts(accessJdbc, clients, passwords, properties);
    accounts.ensurePublicClient(CLI_CLIENT, List.of(CLI_REDIRECT), "openid fhirUser offline_access patient/*.rs patient/Consent.cruds user/*.rs user/*.cruds");
    return accounts;
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings() {
    return AuthorizationServerSettings.builder().build();
  }

  /**
   * The key tokens are signed with: kept in the data home, except beside an ephemeral database,
   * where it lives in memory and dies with the data (tests and benchmarks leave no key behind).
   */
  @Bean
  RSAKey signingKey(PlatformProperties platform) {
    return platform.db().ephemeral()
        ? SigningKey.inMemory()
        : SigningKey.loadOrCreate(platform.home().resolve("keys").resolve("token-signing.jwk"));
  }

  @Bean
  JWKSource<SecurityContext> jwkSource(RSAKey signingKey) {
    return new ImmutableJWKSet<>(new JWKSet(signingKey));
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> tokenClaims(AccessProperties properties, JdbcAccounts accounts) {
    return new TokenClaims(properties, accounts);
  }

  /**
   * Tokens of the built-in server are checked against its own key (no network); with an external
   * issuer, against the issuer's published keys. Either way: signature, expiry, and our audience.
   */
  @Bean
  JwtDecoder jwtDecoder(RSAKey signingKey, AccessProperties properties) throws Exception {
    NimbusJwtDecoder decoder;
    var validators = new java.util.ArrayList<org.springframework.security.oauth2.core.OAuth2TokenValidator<org.springframework.security.oauth2.jwt.Jwt>>();
    if (properties.externalIssuer()) {
      decoder =
          properties.jwkSetUri() != null && !properties.jwkSetUri().isBlank()
              ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build()
              : (NimbusJwtDecoder) org.springframework.security.oauth2.jwt.JwtDecoders.fromIssuerLocation(properties.issuer());
      validators.add(JwtValidators.createDefaultWithIssuer(properties.issuer()));
    } else {
      decoder = NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey()).build();
      validators.add(JwtValidators.createDefault());
    }
    validators.add(new JwtClaimValidator<List<String>>("aud", audience -> audience != null && audience.contains(properties.audience())));
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    return decoder;
  }
}

package org.hutong.access;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import org.springframework.context.ConfigurableApplicationContext;

/** Hand-made tokens for the attacks a resource server must refuse. */
final class Tokens {

  private Tokens() {}

  /** A token signed with the platform's own key, valid for the given seconds (negative: expired). */
  static String signed(ConfigurableApplicationContext platform, int seconds, String audience) throws Exception {
    return sign(platform.getBean(RSAKey.class), seconds, audience);
  }

  /** A well-formed token signed with a key that is not the platform's. */
  static String forged() throws Exception {
    return sign(new RSAKeyGenerator(2048).keyID("attacker").generate(), 600, "hutong-fhir");
  }

  private static String sign(RSAKey key, int seconds, String audience) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject("intruder")
            .claim("client_id", "intruder")
            .claim("role", "administrator")
            .claim("person", false)
            .claim("scope", "system/*.cruds")
            .audience(audience)
            .issueTime(new Date(System.currentTimeMillis() - 3_600_000L))
            .expirationTime(new Date(System.currentTimeMillis() + seconds * 1000L))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}

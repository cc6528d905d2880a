package org.hutong.access.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key the built-in authorisation server signs tokens with (RS256: JOSE has no SM2 algorithm
 * that clients would understand). Kept in the data home, readable by its owner only, so tokens stay
 * valid across restarts and every node of a deployment can share it.
 */
final class SigningKey {

  private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

  private SigningKey() {}

  /** A fresh key that is never written anywhere. */
  static RSAKey inMemory() {
    try {
      return generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate a token signing key", e);
    }
  }

  private static RSAKey generate() throws JOSEException {
    return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
  }

  static RSAKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return RSAKey.parse(Files.readString(file));
      }
      RSAKey key = generate();
      Path directory = file.getParent();
      Files.createDirectories(directory);
      trySetPermissions(directory, "rwx------");
      Path temporary = Files.createTempFile(directory, "signing", ".tmp");
      trySetPermissions(temporary, "rw-------");
      Files.writeString(temporary, key.toJSONString());
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      log.info("Generated a new token signing key in {}", file);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the token signing key " + file, e);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("The token signing key " + file + " is not a valid RSA JWK", e);
    }
  }

  private static void trySetPermissions(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the operator secures the folder
    }
  }
}

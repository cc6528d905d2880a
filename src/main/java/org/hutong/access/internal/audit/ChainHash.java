package org.hutong.access.internal.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The chain's hash: {@code hash_n = SM3(hash_{n-1} || canonical bytes of row n)}, starting from 32
 * zero bytes. The canonical bytes are every column of the row except its chain columns, each
 * length-prefixed so that no two different rows encode alike: the searchable columns are covered
 * too, so hiding an event from a resident's search by editing its {@code patients} is tampering
 * like any other.
 *
 * <p>The sequence number is not hashed: the order is fixed by each row naming its predecessor's
 * hash, which lets the verifier tell a reordering (two rows' places exchanged) from an alteration.
 */
final class ChainHash {

  static final int LENGTH = 32;
  static final byte[] GENESIS = new byte[LENGTH];
  private static final byte[] VERSION = "hutong-audit-v1".getBytes(StandardCharsets.US_ASCII);

  private ChainHash() {}

  static byte[] of(byte[] previous, AuditRow row) {
    SM3Digest digest = new SM3Digest();
    digest.update(previous, 0, previous.length);
    byte[] canonical = canonical(row);
    digest.update(canonical, 0, canonical.length);
    byte[] out = new byte[LENGTH];
    digest.doFinal(out, 0);
    return out;
  }

  static byte[] canonical(AuditRow row) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(row.content().length() + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(VERSION);
      text(out, row.id());
      out.writeLong(ChronoUnit.MICROS.between(java.time.Instant.EPOCH, row.recorded()));
      text(out, row.agentSubject());
      text(out, row.agentRole());
      text(out, row.agentOrg());
      text(out, row.agentClient());
      text(out, row.action());
      text(out, row.operation());
      text(out, row.subtype());
      text(out, row.outcome());
      text(out, row.purpose());
      text(out, row.resourceType());
      out.writeInt(row.patients().size());
      for (String patient : row.patients()) {
        text(out, patient);
      }
      text(out, row.content());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  static String hex(byte[] hash) {
    return hash == null ? "none" : HexFormat.of().formatHex(hash);
  }
}

package org.hutong.access.internal.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The chain head kept outside the database: which chain, how far it reached and its hash there.
 * Someone with write access to the database alone can rewrite rows and recompute every hash after
 * them, or cut records off the end, and the chain would still look whole; the anchor says where it
 * really ended, so either shows. Replaced atomically (write, then rename), so a crash leaves the
 * old anchor or the new one, never half of one.
 *
 * @param chain the id of the chain ({@code audit.chain})
 * @param seq the last sealed record when the anchor was taken
 * @param hash that record's hash
 * @param at when
 */
record ChainAnchor(UUID chain, long seq, byte[] hash, Instant at) {

  static Optional<ChainAnchor> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Map<String, String> values = new HashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
      return Optional.of(
          new ChainAnchor(
              UUID.fromString(values.get("chain")),
              Long.parseLong(values.get("seq")),
              HexFormat.of().parseHex(values.get("hash")),
              Instant.parse(values.get("at"))));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the audit chain anchor " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("The audit chain anchor " + file + " is not readable (damaged or edited by hand)", e);
    }
  }

  void write(Path file) {
    String text =
        "# Hutong audit chain anchor: the head of the audit chain when it was last sealed.\n"
            + "# `hutong audit verify` checks the database against it. Copy it off this host regularly.\n"
            + "chain=" + chain + "\nseq=" + seq + "\nhash=" + ChainHash.hex(hash) + "\nat=" + at + "\n";
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".new");
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the audit chain anchor " + file, e);
    }
  }

  boolean matches(byte[] otherHash) {
    return Arrays.equals(hash, otherHash);
  }
}

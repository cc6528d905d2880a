package org.hutong.access.internal.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;

/**
 * The keyring file: read, generated on first start, replaced atomically when keys are rotated or
 * retired. Readable by its owner only ({@code 0600}, in a {@code 0700} folder) where the file
 * system has POSIX permissions. Nothing here ever logs key material.
 */
@NamedInterface("identifier-keys")
public final class KeyringFile {

  private static final Logger log = LoggerFactory.getLogger(KeyringFile.class);

  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private final Path path;

  public KeyringFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  public boolean exists() {
    return Files.exists(path);
  }

  /** The keyring in the file; a missing, unreadable or malformed file is an error that says which. */
  public Keyring read() {
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("The keyring " + path + " does not exist (hutong.access.identifiers.keyring)");
    }
    warnIfOthersCanRead();
    try {
      return Keyring.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the keyring " + path, e);
    }
  }

  /** Generates a keyring with fresh random keys into a file that must not exist yet. */
  public Keyring generate(SecureRandom random) {
    if (exists()) {
      throw new IllegalStateException("The keyring " + path + " exists already; it is never overwritten by generation");
    }
    Keyring keyring = Keyring.generate(random);
    write(keyring);
    log.warn(
        "Generated a new keyring for personal identifiers at {} ({}). Back it up: without it the stored resident ID and "
            + "phone numbers cannot be read.",
        path, keyring);
    return keyring;
  }

  /** Replaces the file's content atomically (a reader sees the old or the new keyring, whole). */
  public void write(Keyring keyring) {
    try {
      Path directory = path.getParent();
      if (!Files.isDirectory(directory)) {
        if (posix()) {
          Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        } else {
          Files.createDirectories(directory);
        }
      }
      Path temporary = directory.resolve(path.getFileName() + ".new");
      Files.deleteIfExists(temporary);
      if (posix()) {
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_FILE));
      } else {
        Files.createFile(temporary);
      }
      Files.writeString(temporary, keyring.format(), StandardCharsets.UTF_8);
      try {
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the keyring " + path, e);
    }
  }

  /** When the file last changed (with its size, to notice two changes within the clock's resolution). */
  String version() {
    try {
      FileTime modified = Files.getLastModifiedTime(path);
      return modified.toInstant() + "/" + Files.size(path);
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private void warnIfOthersCanRead() {
    if (!posix()) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        log.warn("The keyring {} can be read by other users than its owner; chmod 600 it", path);
      }
    } catch (IOException e) {
      log.warn("Cannot check the permissions of the keyring {}", path);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}

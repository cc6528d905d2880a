package org.hutong.access.internal.crypto;

import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;

/**
 * Where the vault gets its keys: a fixed keyring, or a keyring file that is read again when it
 * changes, so a rotation done by {@code hutong keys rotate} on a running server takes effect
 * without a restart.
 */
@NamedInterface("identifier-keys")
public sealed interface KeyringSource {

  /** The keyring to use now. */
  Keyring current();

  /** Reads the keyring again at once (a value names a key not loaded yet). */
  Keyring reload();

  static KeyringSource fixed(Keyring keyring) {
    return new Fixed(keyring);
  }

  static KeyringSource file(KeyringFile file, java.time.Duration checkEvery) {
    return new Watched(file, checkEvery.toNanos());
  }

  /** Keys held in memory only (a throwaway database's). */
  record Fixed(Keyring keyring) implements KeyringSource {
    @Override
    public Keyring current() {
      return keyring;
    }

    @Override
    public Keyring reload() {
      return keyring;
    }
  }

  /** A keyring file, checked for a change at most every {@code checkEvery} nanoseconds. */
  final class Watched implements KeyringSource {

    private static final Logger log = LoggerFactory.getLogger(KeyringSource.class);

    private final KeyringFile file;
    private final long checkEvery;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Keyring keyring;
    private volatile long checked;
    private String version;

    Watched(KeyringFile file, long checkEvery) {
      this.file = file;
      this.checkEvery = checkEvery;
      this.version = file.version();
      this.keyring = file.read();
      this.checked = System.nanoTime();
    }

    @Override
    public Keyring current() {
      if (System.nanoTime() - checked >= checkEvery && lock.tryLock()) {
        try {
          checked = System.nanoTime();
          if (!file.version().equals(version)) {
            load();
          }
        } finally {
          lock.unlock();
        }
      }
      return keyring;
    }

    @Override
    public Keyring reload() {
      lock.lock();
      try {
        checked = System.nanoTime();
        load();
        return keyring;
      } finally {
        lock.unlock();
      }
    }

    private void load() {
      String before = version;
      version = file.version();
      Keyring read = file.read();
      if (!version.equals(before)) {
        log.info("Keyring {} reloaded: {}", file.path(), read);
      }
      keyring = read;
    }
  }
}

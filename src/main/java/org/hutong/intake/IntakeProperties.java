package org.hutong.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The MLLP listener ({@code hutong.mllp.*}).
 *
 * @param enabled whether to listen at all
 * @param port the TCP port (0: any free port, for tests)
 * @param bindAddress the address to listen on
 * @param maxMessageBytes the largest message taken; a larger one is read to its end and refused
 *     with AR, so the connection stays usable
 * @param maxConnections connections served at once; more wait in the operating system's queue
 * @param idleTimeout a connection with no byte for this long is closed
 * @param senders the known senders by sending facility (MSH-4 namespace id); a message from any
 *     other facility is refused with AR
 */
@ConfigurationProperties("hutong.mllp")
public record IntakeProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("2575") int port,
    @DefaultValue("0.0.0.0") String bindAddress,
    @DefaultValue("8388608") int maxMessageBytes,
    @DefaultValue("512") int maxConnections,
    @DefaultValue("5m") Duration idleTimeout,
    Map<String, SenderProperties> senders) {

  public IntakeProperties {
    senders = senders == null ? Map.of() : Map.copyOf(senders);
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("hutong.mllp.max-message-bytes must be at least 1024");
    }
  }

  /**
   * One sender.
   *
   * @param organization the Organization id of the institution whose data it sends
   * @param addresses if not empty, the only network addresses it may connect from
   */
  public record SenderProperties(String organization, List<String> addresses) {
    public SenderProperties {
      addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
  }
}

package org.hutong.intake;

import java.time.Instant;

/** The running HL7 v2 intake as other modules see it. */
public interface MessageIntake {

  /** The TCP port the MLLP listener is bound to (the configured one, or the free one picked for 0); -1 when disabled. */
  int port();

  /** How many messages were received since the instant (all outcomes; duplicates not counted again). */
  long receivedSince(Instant since);
}

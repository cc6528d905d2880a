package org.hutong.intake.internal.v2;

/**
 * A known sender of HL7 v2 messages: the sending facility (MSH-4) and application (MSH-3) as
 * configured, and the institution (Organization id) whose data it sends.
 */
public record Sender(String facility, String application, String organization) {}

package org.hutong.intake.internal.mllp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads MLLP frames ({@code VT message FS CR}) from a stream with its own buffer. A frame larger
 * than the limit is read to its end but only its first bytes are kept, so the sender can be told
 * (AR) and the connection stays in step. Whitespace between frames is skipped; any other byte
 * outside a frame, or a start block inside one, is a protocol error: the stream is out of step and
 * the connection must be closed.
 */
final class FrameReader {

  static final byte VT = 0x0b;
  static final byte FS = 0x1c;
  static final byte CR = 0x0d;

  /** A frame read: its bytes (at most the limit) and its true size. */
  record Frame(byte[] bytes, long size, boolean oversized) {}

  /** The stream is not MLLP. */
  static final class ProtocolException extends IOException {
    ProtocolException(String message) {
      super(message);
    }
  }

  private final InputStream in;
  private final int limit;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int end;

  FrameReader(InputStream in, int limit) {
    this.in = in;
    this.limit = limit;
  }

  /** The next frame, or null when the peer closed the connection between frames. */
  Frame next() throws IOException {
    // find the start block
    while (true) {
      if (position == end && !fill()) {
        return null;
      }
      byte b = buffer[position++];
      if (b == VT) {
        break;
      }
      if (b != CR && b != '\n' && b != ' ' && b != '\t') {
        throw new ProtocolException("a byte outside an MLLP frame");
      }
    }
    ByteArrayOutputStream message = new ByteArrayOutputStream(Math.min(limit, 4096));
    long size = 0;
    while (true) {
      if (position == end && !fill()) {
        throw new ProtocolException("the connection closed inside a frame");
      }
      int from = position;
      while (position < end && buffer[position] != FS && buffer[position] != VT) {
        position++;
      }
      int n = position - from;
      if (n > 0) {
        long room = limit - size;
        if (room > 0) {
          message.write(buffer, from, (int) Math.min(room, n));
        }
        size += n;
      }
      if (position < end) {
        if (buffer[position] == VT) {
          throw new ProtocolException("a start block inside a frame");
        }
        position++; // FS
        if (position == end && !fill()) {
          throw new ProtocolException("the connection closed after an end block without its carriage return");
        }
        if (buffer[position] == CR) {
          position++;
        }
        return new Frame(message.toByteArray(), size, size > limit);
      }
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    end = n;
    return true;
  }
}

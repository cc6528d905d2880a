package org.hutong.intake;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal MLLP sender: frames a message (VT … FS CR), waits for the acknowledgement. What a
 * hospital's interface engine does; used by the demo, the benchmark and the tests. Not thread-safe:
 * one connection, one message at a time, as HL7's original acknowledgement mode requires.
 */
public final class MllpClient implements Closeable {

  /** Start block (VT), end block (FS) and the carriage return after it. */
  public static final int START = 0x0b;

  public static final int END = 0x1c;
  public static final int CR = 0x0d;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public MllpClient(String host, int port, int timeoutMillis) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    socket.setTcpNoDelay(true);
    in = new java.io.BufferedInputStream(socket.getInputStream());
    out = new java.io.BufferedOutputStream(socket.getOutputStream());
  }

  /** Sends a message (segments separated by CR) in UTF-8 and returns the acknowledgement. */
  public String send(String message) throws IOException {
    return new String(sendBytes(message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  /** Sends the bytes framed as one message and returns the acknowledgement's bytes. */
  public byte[] sendBytes(byte[] message) throws IOException {
    write(message);
    return read();
  }

  /** Writes one framed message without waiting. */
  public void write(byte[] message) throws IOException {
    out.write(START);
    out.write(message);
    out.write(END);
    out.write(CR);
    out.flush();
  }

  /** Writes raw bytes, unframed (for tests of hostile input). */
  public void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one framed reply; {@link EOFException} when the server closed the connection. */
  public byte[] read() throws IOException {
    int b = in.read();
    while (b != START) {
      if (b < 0) {
        throw new EOFException("The connection was closed before a reply");
      }
      b = in.read();
    }
    ByteArrayOutputStream reply = new ByteArrayOutputStream(256);
    while ((b = in.read()) != END) {
      if (b < 0) {
        throw new EOFException("The connection was closed inside a reply");
      }
      reply.write(b);
    }
    in.read(); // the CR after FS
    return reply.toByteArray();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

package org.hutong.intake.internal.mllp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLLP listener: one virtual thread per connection, messages of a connection handled one after
 * another (HL7's original acknowledgement mode: the sender waits for each acknowledgement, which
 * is what keeps a feed in order), the acknowledgement written only when the handler returns, that
 * is after the message is committed. Hostile input costs a closed connection, never the listener.
 */
public final class MllpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MllpServer.class);

  /** Handles one message; returns the acknowledgement's bytes. Must not throw. */
  public interface Handler {
    byte[] handle(byte[] message, long size, boolean oversized, String address);
  }

  private final Handler handler;
  private final int limit;
  private final Duration idleTimeout;
  private final Semaphore connections;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong busy = new AtomicLong();
  private volatile ServerSocket server;
  private volatile boolean stopping;
  private Thread acceptor;

  public MllpServer(Handler handler, int maxMessageBytes, int maxConnections, Duration idleTimeout) {
    this.handler = handler;
    this.limit = maxMessageBytes;
    this.idleTimeout = idleTimeout;
    this.connections = new Semaphore(maxConnections);
  }

  /** Binds and starts accepting; returns the bound port. */
  public synchronized int start(String bindAddress, int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 256);
    server = socket;
    acceptor = Thread.ofPlatform().name("mllp-accept").daemon(true).start(this::acceptLoop);
    LOG.info("MLLP listener on {}:{}", bindAddress, socket.getLocalPort());
    return socket.getLocalPort();
  }

  public int port() {
    ServerSocket s = server;
    return s == null ? -1 : s.getLocalPort();
  }

  private void acceptLoop() {
    while (!stopping) {
      try {
        connections.acquire();
        Socket socket;
        try {
          socket = server.accept();
        } catch (IOException e) {
          connections.release();
          if (!stopping) {
            LOG.warn("MLLP accept failed: {}", e.getMessage());
          }
          continue;
        }
        open.add(socket);
        Thread.ofVirtual().name("mllp-" + served.incrementAndGet()).start(() -> serve(socket));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void serve(Socket socket) {
    String address = socket.getInetAddress().getHostAddress();
    try (socket) {
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
      socket.setTcpNoDelay(true);
      FrameReader frames = new FrameReader(socket.getInputStream(), limit);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
      while (!stopping) {
        FrameReader.Frame frame = frames.next();
        if (frame == null) {
          return;
        }
        busy.incrementAndGet();
        byte[] ack;
        try {
          ack = handler.handle(frame.bytes(), frame.size(), frame.oversized(), address);
        } finally {
          busy.decrementAndGet();
        }
        out.write(FrameReader.VT);
        out.write(ack);
        out.write(FrameReader.FS);
        out.write(FrameReader.CR);
        out.flush();
      }
    } catch (FrameReader.ProtocolException e) {
      LOG.info("MLLP connection from {} closed: {}", address, e.getMessage());
    } catch (SocketTimeoutException e) {
      LOG.debug("MLLP connection from {} idle, closed", address);
    } catch (SocketException e) {
      LOG.debug("MLLP connection from {} ended: {}", address, e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.warn("MLLP connection from {} failed: {}", address, e.toString());
    } finally {
      open.remove(socket);
      connections.release();
    }
  }

  /**
   * Stops accepting, lets messages being handled finish (so their acknowledgements go out), then
   * closes every connection.
   */
  @Override
  public void close() {
    stopping = true;
    ServerSocket s = server;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    if (acceptor != null) {
      acceptor.interrupt();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (busy.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}

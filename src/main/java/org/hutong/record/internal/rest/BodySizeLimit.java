package org.hutong.record.internal.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured size with 413 and an OperationOutcome, whether the
 * client declared the length or streamed it chunked, before anything parses them; and JSON bodies
 * with a number that would cost the parser gigabytes ({@link JsonNumbers}) with 400.
 */
final class BodySizeLimit extends OncePerRequestFilter {

  private final long maxBytes;

  BodySizeLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      refuse(response);
      return;
    }
    if (declared == 0 || "GET".equals(request.getMethod()) || "DELETE".equals(request.getMethod()) || isForm(request)) {
      // a form (POST _search) must reach the container unread, or its parameters are lost; the
      // container caps form bodies itself (server.tomcat.max-http-form-post-size)
      chain.doFilter(request, response);
      return;
    }
    byte[] body = readAtMost(request.getInputStream());
    if (body == null) {
      refuse(response);
      return;
    }
    if (isJson(request) && JsonNumbers.hasHugeExponent(body)) {
      refuseNumber(response);
      return;
    }
    chain.doFilter(new BufferedBody(request, body), response);
  }

  private static boolean isJson(HttpServletRequest request) {
    String type = request.getContentType();
    return type == null || type.toLowerCase(java.util.Locale.ROOT).contains("json");
  }

  private static void refuseNumber(HttpServletResponse response) throws IOException {
    response.setStatus(400);
    response.setContentType("application/fhir+json;charset=utf-8");
    response.getWriter().write(
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"structure\","
            + "\"diagnostics\":\"A number in the body has an exponent beyond \u00b1" + JsonNumbers.MAX_EXPONENT + "\"}]}");
  }

  private static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  private byte[] readAtMost(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      total += n;
      if (total > maxBytes) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private void refuse(HttpServletResponse response) throws IOException {
    response.setStatus(413);
    response.setContentType("application/fhir+json;charset=utf-8");
    response.getWriter().write(
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"too-costly\","
            + "\"diagnostics\":\"Request body is larger than the limit of " + maxBytes + " bytes (hutong.fhir.max-body-bytes)\"}]}");
  }

  private static final class BufferedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    BufferedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), java.nio.charset.Charset.forName(encoding)));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}

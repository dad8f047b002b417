package org.totpkit.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM ceiling for the load harness: the JDK's own HTTP server answering every request with the
 * same status and bytes as the reference server's static answer, on its default single dispatcher
 * thread. Usage: {@code StaticJdkServer PORT STATUS BODY_FILE}.
 */
public final class StaticJdkServer {
  private StaticJdkServer() {}

  public static void main(String[] args) throws IOException {
    // Without TCP_NODELAY the headers and the body leave as two segments and every answer waits
    // ~40 ms for the client's delayed ACK (measured: 364 req/s, p50 44 ms): not the JVM's ceiling.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int port = Integer.parseInt(args[0]);
    int status = Integer.parseInt(args[1]);
    byte[] body = Files.readAllBytes(Path.of(args[2]));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }
}

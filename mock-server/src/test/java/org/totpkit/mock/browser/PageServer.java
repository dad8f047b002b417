package org.totpkit.mock.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The origin of a browser app under development: a static server on another port than the reference
 * server, serving {@code interop/node/browser/} (the page and its script), the connect-es modules
 * from {@code interop/node/node_modules} and the contract's descriptor set.
 */
final class PageServer implements AutoCloseable {
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "mjs", "text/javascript; charset=utf-8",
          "json", "application/json");

  private final HttpServer server;
  private final Path root;
  private final byte[] descriptorSet;

  PageServer(Path interopNode) throws IOException {
    this.root = interopNode.toAbsolutePath().normalize();
    try (InputStream in = PageServer.class.getResourceAsStream("/proto/totp-contract.protoset")) {
      if (in == null) {
        throw new IllegalStateException("the proto module's descriptor set is not on the path");
      }
      this.descriptorSet = in.readAllBytes();
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  /** The page's origin, e.g. {@code http://127.0.0.1:40123}. */
  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      String type;
      if (path.equals("/totp-contract.protoset")) {
        body = descriptorSet;
        type = "application/octet-stream";
      } else {
        Path file = root.resolve(path.equals("/") ? "browser/index.html" : path.substring(1));
        file = file.normalize();
        boolean inside =
            file.startsWith(root.resolve("browser"))
                || file.startsWith(root.resolve("node_modules"));
        if (!inside || !Files.isRegularFile(file)) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        body = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "text/plain");
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

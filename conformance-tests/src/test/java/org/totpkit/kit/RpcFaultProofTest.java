package org.totpkit.kit;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Transport;

/**
 * Proof that the kit run over gRPC-Web catches what only breaks an RPC transport: the correct
 * reference server behind a gRPC-Web proxy that breaks one thing on the wire (a wrong code in
 * grpc-status, a lost detail, a bad trailer frame, an unknown method served, an undecodable message
 * accepted). The hooks are reached directly, as a deployment's would be.
 */
class RpcFaultProofTest {

  /** A way to break gRPC-Web answers (or to route a request where it does not belong). */
  enum RpcFault {
    WRONG_CODE_IN_GRPC_STATUS,
    STATUS_DETAIL_DROPPED,
    TRAILER_FRAME_FLAGGED_AS_DATA,
    UNKNOWN_METHODS_SERVED_AS_VERIFY,
    UNDECODABLE_MESSAGE_ANSWERED_OK,
    /**
     * The port serves REST only: gRPC-Web is served elsewhere, so here it meets the REST router's
     * "no route" answer (breaks the rule that every transport shares the one port).
     */
    GRPC_WEB_NOT_ON_THE_REST_PORT
  }

  static final Map<RpcFault, Set<String>> MUST_FAIL =
      Map.ofEntries(
          entry(
              RpcFault.WRONG_CODE_IN_GRPC_STATUS,
              Set.of("TOTP-NOTFOUND-01", "TOTP-AUTH-01", "TOTP-ERRORS-01")),
          entry(
              RpcFault.STATUS_DETAIL_DROPPED,
              Set.of("TOTP-NOTFOUND-01", "TOTP-AUTH-02", "TOTP-ERRORS-01", "TOTP-CORE-07")),
          entry(
              RpcFault.TRAILER_FRAME_FLAGGED_AS_DATA,
              Set.of("TOTP-CORE-01", "TOTP-CORE-06", "TOTP-NOTFOUND-01", "TOTP-ERRORS-01")),
          entry(RpcFault.UNKNOWN_METHODS_SERVED_AS_VERIFY, Set.of("TOTP-RPC-01", "TOTP-RPC-02")),
          entry(RpcFault.UNDECODABLE_MESSAGE_ANSWERED_OK, Set.of("TOTP-RPC-03")),
          entry(RpcFault.GRPC_WEB_NOT_ON_THE_REST_PORT, Set.of("TOTP-CORE-01")));

  /** This test's cases, for {@link ClauseProofTest}: each over gRPC-Web. */
  static java.util.List<ProofCase> proofCases() {
    return MUST_FAIL.entrySet().stream()
        .map(
            e ->
                new ProofCase(
                    e.getKey().name(),
                    Set.of(Transport.GRPC_WEB),
                    e.getValue(),
                    RpcFaultProofTest.class.getSimpleName()))
        .toList();
  }

  static Stream<Arguments> faults() {
    return Stream.of(RpcFault.values()).map(f -> Arguments.of(f, MUST_FAIL.get(f)));
  }

  @ParameterizedTest(name = "{0} over gRPC-Web is caught by {1}")
  @MethodSource("faults")
  void theKitCatchesTheBrokenTransport(RpcFault fault, Set<String> mustFail) throws IOException {
    try (EmbeddedReferenceServer server = EmbeddedReferenceServer.start();
        BreakingProxy proxy = new BreakingProxy(server.target().baseUrl(), fault)) {
      Target target =
          Target.withHooks(
                  proxy.url(),
                  server.target().hooksUrl().orElseThrow(),
                  Optional.empty(),
                  "embedded reference server behind a gRPC-Web proxy with " + fault)
              .over(Transport.GRPC_WEB);
      String tags = String.join(" or ", mustFail.stream().map(id -> "@" + id).sorted().toList());
      ConformanceKit.Result result =
          FaultProofTest.forTheVerdict(
              target, Path.of("target/fault-proof/grpc-web-" + fault), tags);
      assertThat(result.exitStatus()).as("exit status against %s", fault).isEqualTo(1);
      assertThat(result.outcome().failedRequirements())
          .as("failed requirements against %s", fault)
          .containsAll(mustFail);
    }
  }

  /** Forwards every request to the server and breaks the answers as its fault says. */
  static final class BreakingProxy implements AutoCloseable {
    private static final byte[] UNDECODABLE = {0, 0, 0, 0, 2, 0x1A, 0x64};

    private final HttpServer http;
    private final HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String upstream;
    private final RpcFault fault;

    BreakingProxy(String upstream, RpcFault fault) throws IOException {
      this.upstream = upstream;
      this.fault = fault;
      this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext("/", this::handle);
      http.start();
    }

    String url() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        if (fault == RpcFault.UNDECODABLE_MESSAGE_ANSWERED_OK && Arrays.equals(body, UNDECODABLE)) {
          send(exchange, 200, frame(0, new byte[0]), trailers("grpc-status: 0\r\n"));
          return;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (fault == RpcFault.GRPC_WEB_NOT_ON_THE_REST_PORT
            && type != null
            && type.startsWith("application/grpc")) {
          byte[] notFound =
              "{\"code\":5,\"message\":\"Not Found\",\"details\":[]}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(404, notFound.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(notFound);
          }
          return;
        }
        if (fault == RpcFault.UNKNOWN_METHODS_SERVED_AS_VERIFY && path.contains("KitNoSuch")) {
          path = "/zitadel.resources.user.v3alpha.ZITADELUsers/VerifyTOTPRegistration";
        }
        HttpRequest.Builder forward =
            HttpRequest.newBuilder(URI.create(upstream + path))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : new String[] {"Content-Type", "Authorization", "X-Grpc-Web", "Accept"}) {
          String value = exchange.getRequestHeaders().getFirst(name);
          if (value != null) {
            forward.header(name, value);
          }
        }
        HttpResponse<byte[]> answer;
        try {
          answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        byte[] bytes = answer.body();
        if (answer
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/grpc-web")) {
          bytes = breakFrames(bytes);
        }
        exchange
            .getResponseHeaders()
            .add("Content-Type", answer.headers().firstValue("Content-Type").orElse("text/plain"));
        // A trailers-only answer carries its status in headers: break it there the same way.
        StringBuilder statusHeaders = new StringBuilder();
        for (String name :
            new String[] {"grpc-status", "grpc-message", "grpc-status-details-bin"}) {
          answer
              .headers()
              .firstValue(name)
              .ifPresent(v -> statusHeaders.append(name).append(": ").append(v).append("\r\n"));
        }
        for (String line : change().apply(statusHeaders.toString()).split("\r\n")) {
          if (line.contains(": ")) {
            exchange
                .getResponseHeaders()
                .add(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 2));
          }
        }
        exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        }
      }
    }

    /** Rewrites the trailer frame of a gRPC-Web body as the fault says. */
    private byte[] breakFrames(byte[] body) {
      ByteBuffer in = ByteBuffer.wrap(body);
      ByteBuffer out = ByteBuffer.allocate(body.length + 64);
      while (in.remaining() >= 5) {
        int flag = in.get() & 0xFF;
        byte[] payload = new byte[in.getInt()];
        in.get(payload);
        if (flag == 0x80) {
          String text = new String(payload, StandardCharsets.US_ASCII);
          payload = change().apply(text).getBytes(StandardCharsets.US_ASCII);
          if (fault == RpcFault.TRAILER_FRAME_FLAGGED_AS_DATA) {
            flag = 0x00;
          }
        }
        out.put((byte) flag).putInt(payload.length).put(payload);
      }
      return Arrays.copyOf(out.array(), out.position());
    }

    /** What the fault does to a block of status lines. */
    private UnaryOperator<String> change() {
      return switch (fault) {
        case WRONG_CODE_IN_GRPC_STATUS ->
            t -> t.replaceAll("grpc-status: ?(?!0\\r)[0-9]+", "grpc-status: 2");
        case STATUS_DETAIL_DROPPED ->
            t -> t.replaceAll("grpc-status-details-bin:[^\\r]*\\r\\n", "");
        default -> t -> t;
      };
    }

    private static byte[] trailers(String text) {
      return frame(0x80, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] frame(int flag, byte[] payload) {
      return ByteBuffer.allocate(5 + payload.length)
          .put((byte) flag)
          .putInt(payload.length)
          .put(payload)
          .array();
    }

    private static void send(HttpExchange exchange, int status, byte[]... parts)
        throws IOException {
      int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
      exchange.getResponseHeaders().add("Content-Type", "application/grpc-web+proto");
      exchange.sendResponseHeaders(status, length);
      try (OutputStream out = exchange.getResponseBody()) {
        for (byte[] part : parts) {
          out.write(part);
        }
      }
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}

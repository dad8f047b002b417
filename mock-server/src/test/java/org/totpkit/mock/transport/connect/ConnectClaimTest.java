package org.totpkit.mock.transport.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.testing.EchoRpc;

/**
 * Which requests are answered as plain Connect calls before WireMock's handlers and the servlet
 * filters: a POST of Connect JSON or protobuf to a known method, unless a filter of the servlet
 * path has something to do with it (a page's {@code Origin}, HTTP compression named); every other
 * request goes the servlet way.
 */
class ConnectClaimTest {
  private static final String PATH = EchoRpc.PATH;

  private final ConnectTransport connect = new ConnectTransport(EchoRpc.endpoint());

  @Test
  void aPlainConnectCallIsClaimed() {
    assertThat(connect.plainCall("POST", PATH, fields("application/json"))).isNotNull();
    assertThat(connect.plainCall("POST", PATH, fields("application/proto"))).isNotNull();
    assertThat(connect.plainCall("POST", PATH, fields("Application/JSON; charset=utf-8")))
        .as("the media type as the RPC filter reads it")
        .isNotNull();
    assertThat(
            connect.plainCall("POST", PATH, fields("application/json", "content-encoding", "br")))
        .as("an encoding Connect refuses itself, the same on both ways")
        .isNotNull();
    assertThat(
            connect.plainCall(
                "POST", PATH, fields("application/json", "accept-encoding", "identity")))
        .isNotNull();
  }

  @Test
  void everyOtherRequestIsLeftToTheServletPath() {
    assertThat(connect.plainCall("GET", PATH, fields("application/json"))).as("GET").isNull();
    assertThat(connect.plainCall("post", PATH, fields("application/json")))
        .as("a method in lower case, which the request gate answers")
        .isNull();
    assertThat(connect.plainCall("POST", "/test.Echo/Shout", fields("application/json")))
        .as("an unknown method, REST's row")
        .isNull();
    assertThat(connect.plainCall("POST", PATH, fields("text/plain"))).as("not Connect").isNull();
    assertThat(connect.plainCall("POST", PATH, fields("application/grpc-web")))
        .as("gRPC-Web")
        .isNull();
    assertThat(connect.plainCall("POST", PATH, HttpFields.build())).as("no type").isNull();
    assertThat(
            connect.plainCall(
                "POST", PATH, fields("application/json", "origin", "http://localhost:3000")))
        .as("a page's call, which the browser rules (CORS) answer")
        .isNull();
    assertThat(
            connect.plainCall(
                "POST", PATH, fields("application/json", "accept-encoding", "gzip, deflate")))
        .as("an answer the client may take compressed: Jetty's compression handler")
        .isNull();
    assertThat(
            connect.plainCall("POST", PATH, fields("application/json", "content-encoding", "GZIP")))
        .as("a compressed body: Jetty's compression handler sees it first")
        .isNull();
  }

  private static HttpFields fields(String contentType, String... more) {
    HttpFields.Mutable fields = HttpFields.build();
    fields.put("content-type", contentType);
    for (int i = 0; i < more.length; i += 2) {
      fields.put(more[i], more[i + 1]);
    }
    return fields;
  }
}

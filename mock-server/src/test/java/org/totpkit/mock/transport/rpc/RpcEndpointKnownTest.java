package org.totpkit.mock.transport.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.http.RequestLog;

/**
 * {@link RpcEndpoint#known}, asked of every REST request, names the method exactly when {@link
 * RpcEndpoint#resolve} does, on every path: the exact ones, REST's, odd slashes, and random ones.
 */
class RpcEndpointKnownTest {
  private static final String SERVICE = "test.Echo";

  // A method named as its service: resolve's reading of a path without a method part finds it.
  private final RpcEndpoint endpoint =
      new RpcEndpoint(
          List.of(service(SERVICE, "Say", "Shout", SERVICE), service("other.Svc", "Say")),
          RpcFinish.NONE,
          RpcDecoding.CONTRACT,
          RequestLog.silent());

  @Test
  void namesTheMethodExactlyWhenResolveDoes() {
    List<String> paths =
        new ArrayList<>(
            List.of(
                "/test.Echo/Say",
                "/test.Echo/Shout",
                "/other.Svc/Say",
                "test.Echo/Say",
                "/test.Echo",
                "test.Echo",
                "/test.Echo/test.Echo",
                "/test.Echo/Sa",
                "/test.Echo/Sayy",
                "/test.Echo/",
                "/test.Echo/Say/",
                "//test.Echo/Say",
                "/test.Echo//Say",
                "/",
                "",
                "/v2/users/1/totp/verify",
                "/resources/v3alpha/users/1/totp/2/_verify",
                "/unknown.Svc/Say",
                "/other.Svc/Shout"));
    Random random = new Random(18);
    String alphabet = "/test.EchoSayShu";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder path = new StringBuilder();
      int length = random.nextInt(24);
      for (int j = 0; j < length; j++) {
        path.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      paths.add(path.toString());
    }
    int named = 0;
    for (String path : paths) {
      RpcEndpoint.Known expected =
          endpoint.resolve(path) instanceof RpcEndpoint.Known known ? known : null;
      assertThat(endpoint.known(path)).as(path).isEqualTo(expected);
      named += expected == null ? 0 : 1;
    }
    // The comparison covered the paths that name a method, not only refusals.
    assertThat(named).isGreaterThanOrEqualTo(6);
  }

  private static RpcService service(String name, String... methods) {
    List<RpcMethod> list = new ArrayList<>();
    for (String method : methods) {
      list.add(new RpcMethod(name, method, StringValue.getDefaultInstance()));
    }
    return new RpcService() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<RpcMethod> methods() {
        return list;
      }

      @Override
      public RpcReply answer(
          RpcMethod method, Message request, String authorization, String authority) {
        return RpcReply.ok(StringValue.of(method.name()));
      }
    };
  }
}

package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.totp.Limits;
import org.totpkit.mock.totp.TotpStore;

/**
 * Each resource bound, filled through the public surface with small bounds: the next one answers
 * 429 with code 8 in the contract's shape and adds nothing; a body past its bound is 400/3.
 */
class ResourceBoundsHttpTest {
  private ReferenceServer server;
  private RawHttp http;

  private void start(Limits limits, int maxBody) {
    server =
        ReferenceServer.start(
            ServerOptions.defaults()
                .withPort(0)
                .withDemoData(false)
                .withLimits(limits)
                .withMaxRequestBodyBytes(maxBody));
    http = new RawHttp(server.baseUrl());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TotpStore.Contents contents() {
    return server.service().store().contents();
  }

  private Reply createUser() {
    return http.hook("POST", "/users", "{}");
  }

  @Test
  void usersPastTheirBound() {
    start(new Limits(3, 100, 10, 100), 65536);
    for (int i = 0; i < 3; i++) {
      assertThat(createUser().status()).isEqualTo(200);
    }
    Reply refused = createUser();
    assertPlainError(refused, 429, 8, "resource bound reached: the server keeps at most 3 users");
    assertThat(contents().users()).hasSize(3);
    assertThat(contents().tokens()).hasSize(3);
    assertThat(contents().organizations()).as("no organization for a refused user").hasSize(3);
  }

  @Test
  void tokensPastTheirBound() {
    start(new Limits(100, 2, 10, 100), 65536);
    String orgId = createUser().text("orgId");
    String body = "{\"orgId\":\"" + orgId + "\",\"permissions\":[\"user.write\"]}";
    assertThat(http.hook("POST", "/tokens", body).status()).isEqualTo(200);
    assertPlainError(
        http.hook("POST", "/tokens", body),
        429,
        8,
        "resource bound reached: the server keeps at most 2 tokens");
    assertPlainError(createUser(), 429, 8);
    assertThat(contents().tokens()).hasSize(2);
    assertThat(contents().users()).as("a user needs a token: all or nothing").hasSize(1);
  }

  @Test
  void registrationsOfOneUserPastTheirBound() {
    start(new Limits(100, 100, 2, 100), 65536);
    Reply alice = createUser();
    String token = alice.text("token");
    String userId = alice.text("userId");
    assertThat(http.start(token, userId).status()).isEqualTo(200);
    assertThat(
            http.hook(
                    "POST",
                    "/users/" + userId + "/totp",
                    "{\"secret\":\"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\"}")
                .status())
        .isEqualTo(200);
    assertPlainError(
        http.start(token, userId),
        429,
        8,
        "resource bound reached: the server keeps at most 2 registrations per user");
    assertPlainError(
        http.hook(
            "POST",
            "/users/" + userId + "/totp",
            "{\"secret\":\"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\"}"),
        429,
        8);
    assertThat(contents().registrations()).hasSize(2);
    // Another user still has room, and a removed registration gives its place back.
    Reply bob = createUser();
    assertThat(http.start(bob.text("token"), bob.text("userId")).status()).isEqualTo(200);
    String first = contents().registrations().get(0).totpId();
    assertThat(http.remove(token, userId, first).status()).isEqualTo(200);
    assertThat(http.start(token, userId).status()).isEqualTo(200);
  }

  @Test
  void registrationsInAllPastTheirBound() {
    start(new Limits(100, 100, 10, 3), 65536);
    for (int i = 0; i < 3; i++) {
      Reply user = createUser();
      assertThat(http.start(user.text("token"), user.text("userId")).status()).isEqualTo(200);
    }
    Reply late = createUser();
    assertPlainError(
        http.start(late.text("token"), late.text("userId")),
        429,
        8,
        "resource bound reached: the server keeps at most 3 registrations");
    assertThat(contents().registrations()).hasSize(3);
  }

  @Test
  void aBodyPastItsBound() {
    start(Limits.DEFAULT, 100);
    Reply user = createUser();
    String atLimit = "{\"loginName\":\"" + "a".repeat(100 - 16) + "\"}";
    assertThat(atLimit).hasSize(100);
    assertThat(http.hook("POST", "/users", atLimit).status()).isEqualTo(200);
    String over = "{\"loginName\":\"" + "a".repeat(101 - 16) + "\"}";
    assertPlainError(
        http.hook("POST", "/users", over), 400, 3, "request body is larger than 100 bytes");
    assertPlainError(
        http.verify(user.text("token"), user.text("userId"), "1", "\"" + "1".repeat(200) + "\""),
        400,
        3,
        "request body is larger than 100 bytes");
    assertThat(contents().users()).hasSize(2);
  }
}

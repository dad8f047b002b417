package org.totpkit.mock.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.totpkit.mock.DemoData;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.store.jdbc.SqliteDataDir;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;

/** {@code --data-dir}: what the server was told before a restart, it still knows after it. */
class DataDirRestartTest {
  private static final long FROZEN_MILLIS = 1_700_000_000_000L;

  @TempDir Path parent;

  private ReferenceServer start(Path dir, boolean demo) {
    return ReferenceServer.start(
        ServerOptions.defaults().withPort(0).withDemoData(demo).withDataDir(dir));
  }

  @Test
  void aVerifiedRegistrationTheClockAndThePolicySurviveARestart() {
    Path dir = parent.resolve("data");
    String userId;
    String token;
    String totpId;
    String clockBefore;
    String policyBefore;
    try (ReferenceServer server = start(dir, false)) {
      RawHttp calls = new RawHttp(server.baseUrl());
      Reply user = calls.hook("POST", "/users", "{\"loginName\":\"alice@acme\"}");
      assertThat(user.status()).isEqualTo(200);
      userId = user.text("userId");
      token = user.text("token");
      assertThat(calls.hook("PUT", "/clock", "{\"epochMillis\":" + FROZEN_MILLIS + "}").status())
          .isEqualTo(200);
      Reply policy = calls.hook("PUT", "/policy", "{\"maxFailedAttempts\":4,\"issuer\":\"ACME\"}");
      assertThat(policy.status()).isEqualTo(200);
      policyBefore = policy.body();
      Reply started = calls.start(token, userId);
      assertThat(started.status()).as(started.toString()).isEqualTo(200);
      totpId = started.text("totpId");
      assertThat(started.text("uri")).contains("issuer=ACME");
      String code = JceTotp.totp(started.text("secret"), FROZEN_MILLIS / 1000);
      assertThat(calls.verifyCode(token, userId, totpId, code).status()).isEqualTo(200);
      clockBefore = calls.hook("GET", "/clock", null).body();
      // The code stays right on the frozen clock: only the stored state tells it was used.
      String codeAgain = code;
      assertThat(calls.verifyCode(token, userId, totpId, codeAgain).status()).isEqualTo(400);
    }
    try (ReferenceServer server = start(dir, false)) {
      RawHttp calls = new RawHttp(server.baseUrl());
      String code =
          JceTotp.totp(
              server
                  .service()
                  .store()
                  .registration(totpId)
                  .map(r -> base32(r.secret()))
                  .orElseThrow(),
              FROZEN_MILLIS / 1000);
      Reply again = calls.verifyCode(token, userId, totpId, code);
      assertThat(again.status()).as(again.toString()).isEqualTo(400);
      assertThat(again.json().path("code").asInt()).isEqualTo(9);
      assertThat(calls.hook("GET", "/clock", null).body()).isEqualTo(clockBefore);
      assertThat(calls.hook("GET", "/policy", null).body()).isEqualTo(policyBefore);
      assertThat(calls.start(token, userId).status()).as("user and token are kept").isEqualTo(200);
    }
  }

  @Test
  void theDemoDataGoesInOnce() {
    Path dir = parent.resolve("demo");
    try (ReferenceServer server = start(dir, true)) {
      assertThat(server.service().store().contents().users()).hasSize(1);
      // A reset removes it; the next start must not bring it back.
      new RawHttp(server.baseUrl()).hook("POST", "/reset", null);
    }
    try (ReferenceServer server = start(dir, true)) {
      assertThat(server.service().store().contents().users()).isEmpty();
    }
    Path fresh = parent.resolve("fresh");
    try (ReferenceServer server = start(fresh, true)) {
      RawHttp calls = new RawHttp(server.baseUrl());
      assertThat(calls.start(DemoData.STANDARD.token(), DemoData.STANDARD.userId()).status())
          .isEqualTo(200);
    }
    try (ReferenceServer server = start(fresh, true)) {
      assertThat(server.service().store().contents().users()).hasSize(1);
      assertThat(server.service().store().contents().tokens()).hasSize(1);
      assertThat(server.service().store().contents().registrations()).hasSize(1);
    }
  }

  @Test
  void theDirectoryIsPrivateAndTheDatabaseFileToo() throws Exception {
    Path dir = parent.resolve("a").resolve("b");
    try (ReferenceServer server = start(dir, true)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
      Path db = dir.resolve(SqliteDataDir.DATABASE_FILE);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db)))
          .isEqualTo("rw-------");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve(SqliteDataDir.LOCK_FILE))))
          .isEqualTo("rw-------");
    }
  }

  private static String base32(byte[] secret) {
    return org.totpkit.mock.totp.Base32.encode(secret);
  }
}

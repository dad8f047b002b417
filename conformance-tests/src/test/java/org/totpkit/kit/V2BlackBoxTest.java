package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.driver.TotpApi;
import org.totpkit.kit.target.Dialect;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.totp.KitClock;
import org.totpkit.kit.totp.MacAlgorithm;
import org.totpkit.kit.totp.TotpGenerator;

/**
 * The kit as a pipeline runs it against a real ZITADEL in v2 (a target file with baseUrl, user.id
 * and admin.token): it refuses, before any scenario and with one line saying what to fix (exit 2),
 * to touch a user that already has a TOTP it did not make, and leaves that TOTP as it was.
 */
class V2BlackBoxTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final EmbeddedReferenceServer server = EmbeddedReferenceServer.start();
  private final Target v2 = server.target().in(Dialect.V2);
  private final HooksApi hooks = new HooksApi(v2.hooksUrl().orElseThrow(), v2.hooksToken());

  @AfterEach
  void stop() {
    TotpApi.closeAll();
    server.close();
  }

  @Test
  void aUserWithAReadyTotpIsRefusedAndKeepsIt(@TempDir Path dir) throws IOException {
    HooksApi.CreatedUser user = hooks.createUser(Optional.empty());
    TotpApi api = TotpApi.of(v2);
    Caller self = Caller.bearer(user.token());
    ApiResponse registered = api.start(self, user.userId());
    String secret = registered.text("secret").orElseThrow();
    TotpGenerator generator = TotpGenerator.forSecret(secret, MacAlgorithm.SHA1, 6, 30);
    String code = generator.codeOfStep(generator.stepAt(KitClock.now()));
    assertThat(api.verify(self, user.userId(), "", code).ok()).isTrue();

    assertThat(runAgainst(dir, user)).isEqualTo(2);
    assertThat(errors().lines())
        .singleElement()
        .asString()
        .startsWith("error: user.id " + user.userId() + " already has a ready TOTP")
        .contains("DELETE /v2/users/" + user.userId() + "/totp");
    ApiResponse still = api.verify(self, user.userId(), "", code);
    assertThat(still.details()).singleElement().extracting("id").isEqualTo("COMMAND-qx4ls");
  }

  @Test
  void aUserWithAPendingTotpIsRefusedAndKeepsItsSecret(@TempDir Path dir) throws IOException {
    HooksApi.CreatedUser user = hooks.createUser(Optional.empty());
    TotpApi api = TotpApi.of(v2);
    Caller self = Caller.bearer(user.token());
    String secret = api.start(self, user.userId()).text("secret").orElseThrow();

    assertThat(runAgainst(dir, user)).isEqualTo(2);
    assertThat(errors().lines())
        .singleElement()
        .asString()
        .startsWith("error: user.id " + user.userId() + " already has a pending TOTP");
    // Not replaced: the secret it had still verifies.
    TotpGenerator generator = TotpGenerator.forSecret(secret, MacAlgorithm.SHA1, 6, 30);
    String code = generator.codeOfStep(generator.stepAt(KitClock.now()));
    assertThat(api.verify(self, user.userId(), "", code).ok()).isTrue();
  }

  @Test
  void anAdminTokenWithoutThePermissionIsAConfigurationError(@TempDir Path dir) throws IOException {
    HooksApi.CreatedUser user = hooks.createUser(Optional.empty());
    String weak = hooks.createToken(user.orgId(), List.of("user.write"));
    assertThat(runAgainst(dir, user.userId(), weak)).isEqualTo(2);
    assertThat(errors().lines())
        .singleElement()
        .asString()
        .contains("admin.token may not manage user.id " + user.userId() + " (AUTH-AWfge)");
  }

  @Test
  void aUserWithoutATotpIsCheckedAndLeftWithout(@TempDir Path dir) throws IOException {
    HooksApi.CreatedUser user = hooks.createUser(Optional.empty());
    String admin = hooks.createToken(user.orgId(), List.of("user.credential.write", "user.write"));
    Path target = targetFile(dir, user.userId(), admin);
    int status =
        KitCommandLine.run(
            List.of(
                "--target",
                target.toString(),
                "--report-dir",
                dir.resolve("out").toString(),
                "--tags",
                "@TOTP-V2-REGISTER-03 or @TOTP-V2-AUTH-06"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(errors()).isZero();
    String report = Files.readString(dir.resolve("out/conformance-report.md"));
    assertThat(report).contains("| dialect | v2 ");
    assertThat(Files.readString(dir.resolve("out/certificate.html"))).contains("ZITADEL v2 TOTP");
    // Without user.token the self-service scenario is skipped, saying why.
    assertThat(report).contains("needs user.token");
    ApiResponse after =
        TotpApi.of(v2).verifyWithPublicCode(Caller.bearer(admin), user.userId(), "", "0");
    assertThat(after.details()).singleElement().extracting("id").isEqualTo("COMMAND-3Mif9s");
  }

  private int runAgainst(Path dir, HooksApi.CreatedUser user) throws IOException {
    String admin = hooks.createToken(user.orgId(), List.of("user.credential.write", "user.write"));
    return runAgainst(dir, user.userId(), admin);
  }

  private int runAgainst(Path dir, String userId, String admin) throws IOException {
    return KitCommandLine.run(
        List.of(
            "--target",
            targetFile(dir, userId, admin).toString(),
            "--report-dir",
            dir.resolve("out").toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** What a pipeline holds for a real ZITADEL: the base URL, a human user, a service user's PAT. */
  private Path targetFile(Path dir, String userId, String admin) throws IOException {
    Path file = dir.resolve("target.properties");
    Files.writeString(
        file,
        "baseUrl="
            + v2.baseUrl()
            + "\nuser.id="
            + userId
            + "\nadmin.token="
            + admin
            + "\ndialect=v2\nreferenceServer=true\n");
    return file;
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

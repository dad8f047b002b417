package org.totpkit.bench;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationRequest;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.cli.StandaloneProcess;
import org.totpkit.mock.totp.Base32;
import org.totpkit.mock.totp.Directory;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Limits;
import org.totpkit.mock.totp.TimeBasedCode;
import org.totpkit.mock.totp.TotpParameters;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.UserTotp;

/**
 * The reference server as {@code java -jar totp-mock-server.jar --no-demo-data} starts it, with its
 * state made in process before the load starts (benchmark only: a million registrations through the
 * import hook would take minutes and measure the hook, not the verify path). All registrations
 * belong to one user and share one synthetic secret on a frozen clock, so one code is right for all
 * of them. Writes, into a fixture directory the harness deletes afterwards: {@code fixture.env}
 * (user, token, right and wrong code, the first resident id), {@code resident}, {@code pool},
 * {@code once} (one totpId a line), and the wrong-code Verify of the first resident registration as
 * gRPC and Connect bodies. For the v2 dialect, which has one TOTP per user, {@code V2_USERS} more
 * users (none when not given) each with a pending TOTP ({@code v2_users}: user id and that user's
 * token a line, private like {@code fixture.env}) and {@code V2_WRONG}, a code wrong for every one
 * of them. Usage: {@code PopulatedServer PORT DIR RESIDENT POOL ONCE [V2_USERS]}.
 */
public final class PopulatedServer {
  private static final Instant FROZEN_AT = Instant.ofEpochSecond(1_111_111_111L);

  private PopulatedServer() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    int resident = Integer.parseInt(args[2]);
    int pool = Integer.parseInt(args[3]);
    int once = Integer.parseInt(args[4]);
    int v2Users = args.length > 5 ? Integer.parseInt(args[5]) : 0;

    // Exactly what the jar's main does first (the class preload, the idle-memory set-up).
    StandaloneProcess.prepare();
    ReferenceServer server =
        ReferenceServer.start(
            ServerOptions.defaults()
                .withPort(port)
                .withDemoData(false)
                // The fixture is one user with up to millions of registrations.
                .withLimits(
                    new Limits(
                        Limits.DEFAULT_MAX_USERS,
                        Limits.DEFAULT_MAX_TOKENS,
                        Integer.MAX_VALUE,
                        Integer.MAX_VALUE)));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "bench-shutdown"));
    try {
      populate(server, dir, resident, pool, once, v2Users);
    } catch (IOException | RuntimeException e) {
      // Jetty's threads would keep a half-made fixture's server alive and its port taken.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void populate(
      ReferenceServer server, Path dir, int resident, int pool, int once, int v2Count)
      throws IOException {
    TotpService service = server.service();
    service.clock().freezeAt(FROZEN_AT);
    Directory.Enrolment user = service.directory().createUser(null, null);
    byte[] secret = new byte[TotpService.SECRET_BYTES];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (31 * i + 7);
    }
    TotpParameters parameters = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);

    long before = usedHeapAfterGc();
    long started = System.nanoTime();
    List<String> residentIds = importMany(service, user, secret, resident);
    long millis = (System.nanoTime() - started) / 1_000_000;
    long after = usedHeapAfterGc();
    List<String> poolIds = importMany(service, user, secret, pool);
    List<String> onceIds = importMany(service, user, secret, once);
    List<String> v2Users = new ArrayList<>(v2Count);
    String v2Wrong = registerV2(service, v2Count, v2Users);

    Files.createDirectories(dir);
    Files.write(dir.resolve("resident"), residentIds);
    Files.write(dir.resolve("pool"), poolIds);
    Files.write(dir.resolve("once"), onceIds);
    writePrivate(
        dir.resolve("v2_users"),
        (String.join("\n", v2Users) + "\n").getBytes(StandardCharsets.UTF_8));
    String right = TimeBasedCode.codeAt(secret, parameters, FROZEN_AT, 0);
    String wrong = wrongCode(secret, parameters);
    if (!residentIds.isEmpty()) {
      writeRpcBodies(dir, user.user().id(), residentIds.get(0), wrong);
    }
    Path env = dir.resolve("fixture.env");
    Files.createFile(
        env, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        env,
        "USER_ID="
            + user.user().id()
            + "\nTOKEN="
            + user.token()
            + "\nRIGHT="
            + right
            + "\nWRONG="
            + wrong
            + "\nONE_ID="
            + (residentIds.isEmpty() ? "" : residentIds.get(0))
            + "\nV2_WRONG="
            + v2Wrong
            + "\n",
        StandardCharsets.UTF_8);
    // Everything the harness needs besides the fixture; no secret, token or code.
    System.out.printf(
        Locale.ROOT,
        "populated resident=%d in %d ms; heap after GC %d -> %d bytes; %.1f bytes/registration;"
            + " max heap %d%n",
        resident,
        millis,
        before,
        after,
        resident == 0 ? 0.0 : (after - before) / (double) resident,
        Runtime.getRuntime().maxMemory());
    System.out.println("ready " + server.baseUrl());
    System.out.flush();
  }

  /**
   * The wrong-code Verify of registration {@code totpId} as RPC bodies (h2load and wrk send one
   * fixed body): {@code verify_wrong.grpc}, the protobuf message in one gRPC length-prefixed frame,
   * and {@code verify_wrong.json}, the same message in Connect's JSON.
   */
  private static void writeRpcBodies(Path dir, String userId, String totpId, String wrong)
      throws IOException {
    VerifyTOTPRegistrationRequest request =
        VerifyTOTPRegistrationRequest.newBuilder()
            .setId(userId)
            .setTotpId(totpId)
            .setCode(wrong)
            .build();
    byte[] message = request.toByteArray();
    ByteBuffer frame = ByteBuffer.allocate(5 + message.length);
    frame.put((byte) 0).putInt(message.length).put(message);
    writePrivate(dir.resolve("verify_wrong.grpc"), frame.array());
    writePrivate(
        dir.resolve("verify_wrong.json"),
        JsonFormat.printer()
            .omittingInsignificantWhitespace()
            .print(request)
            .getBytes(StandardCharsets.UTF_8));
  }

  private static void writePrivate(Path file, byte[] bytes) throws IOException {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(file, bytes);
  }

  private static List<String> importMany(
      TotpService service, Directory.Enrolment user, byte[] secret, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(
          service
              .importRegistration(user.user().id(), secret, HashAlgorithm.SHA1, 6, 30)
              .orElseThrow());
    }
    return ids;
  }

  /**
   * {@code count} users in one organization, each with a pending v2 TOTP (as {@code POST
   * /v2/users/{id}/totp} makes it), each line of {@code users} the id and the user's own token (the
   * v3alpha rows call as the user too). Returns a code wrong for every one of them.
   */
  private static String registerV2(TotpService service, int count, List<String> users) {
    List<byte[]> secrets = new ArrayList<>(count);
    String orgId = null;
    for (int i = 0; i < count; i++) {
      Directory.Enrolment enrolment = service.directory().createUser(null, orgId);
      orgId = enrolment.user().orgId();
      UserTotp.Result result = service.userTotp().register(enrolment.user());
      if (!(result instanceof UserTotp.Result.Registered registered)) {
        throw new IllegalStateException("v2 register refused: " + result);
      }
      secrets.add(Base32.decode(registered.secretBase32()));
      users.add(enrolment.user().id() + " " + enrolment.token());
    }
    return wrongCode(secrets, UserTotp.PARAMETERS);
  }

  private static String wrongCode(byte[] secret, TotpParameters parameters) {
    return wrongCode(List.of(secret), parameters);
  }

  // A code no step of the window T-1..T+1 has for any of the secrets: every submission is wrong.
  private static String wrongCode(List<byte[]> secrets, TotpParameters parameters) {
    for (int candidate = 0; ; candidate++) {
      String code = String.format(Locale.ROOT, "%06d", candidate);
      boolean right = false;
      for (byte[] secret : secrets) {
        for (int offset = -1; offset <= 1; offset++) {
          right |= code.equals(TimeBasedCode.codeAt(secret, parameters, FROZEN_AT, offset));
        }
      }
      if (!right) {
        return code;
      }
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}

package org.totpkit.kit;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.report.Waivers;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Transport;
import org.totpkit.kit.totp.KitClock;
import org.totpkit.mock.faults.Fault;

/**
 * Proof that the kit can fail: against a reference server broken on purpose it fails with the
 * requirement IDs that name the broken rule; against the correct server it passes everything. Each
 * fault runs only the scenarios that are about it, to keep the build short.
 */
class FaultProofTest {

  /**
   * Which requirements must fail for each fault (always, not just when a step boundary is near).
   * The run against a fault selects exactly these requirements, so they are also all that fail.
   */
  private static final Map<Fault, Set<String>> MUST_FAIL =
      Map.ofEntries(
          entry(
              Fault.ACCEPT_ANY_CODE,
              Set.of("TOTP-INPUT-02", "TOTP-SKEW-02", "TOTP-SKEW-03", "TOTP-LOCKOUT-01")),
          entry(Fault.SKEW_0, Set.of("TOTP-SKEW-03", "TOTP-VECTORS-05")),
          entry(Fault.SKEW_2, Set.of("TOTP-SKEW-03", "TOTP-SKEW-04", "TOTP-VECTORS-05")),
          entry(
              Fault.SECOND_VERIFY_SUCCEEDS,
              Set.of("TOTP-CORE-07", "TOTP-REPLAY-01", "TOTP-REPLAY-02")),
          entry(Fault.OWNER_AS_STRING, Set.of("TOTP-CORE-01", "TOTP-CORE-06")),
          entry(
              Fault.ERROR_BODY_NOT_RPC_STATUS,
              Set.of("TOTP-ERRORS-01", "TOTP-AUTH-01", "TOTP-INPUT-01")),
          entry(Fault.FORBIDDEN_AS_NOT_FOUND, Set.of("TOTP-AUTH-02")),
          entry(Fault.AUTH_IGNORED, Set.of("TOTP-AUTH-01")),
          entry(Fault.NUMERIC_CODE_COMPARISON, Set.of("TOTP-INPUT-03", "TOTP-VECTORS-04")),
          entry(Fault.CHECK_THEN_SET_RACE, Set.of("TOTP-REPLAY-01")),
          entry(Fault.ORG_PERMISSIONS_IGNORED, Set.of("TOTP-AUTH-03")),
          entry(Fault.SECRET_LOWER_CASE, Set.of("TOTP-CORE-02")),
          entry(Fault.SECRET_80_BITS, Set.of("TOTP-CORE-02")),
          entry(Fault.SAME_SECRET_FOR_EVERY_REGISTRATION, Set.of("TOTP-CORE-03")),
          entry(Fault.KEY_URI_DIGITS_DISAGREE, Set.of("TOTP-CORE-04")),
          entry(Fault.KEY_URI_FROM_DEFAULTS, Set.of("TOTP-CORE-05")),
          entry(Fault.REMOVE_KEEPS_REGISTRATION, Set.of("TOTP-CORE-08", "TOTP-NOTFOUND-04")),
          entry(Fault.VERIFIED_CANNOT_BE_REMOVED, Set.of("TOTP-CORE-09")),
          entry(Fault.LENIENT_CODE_BODY, Set.of("TOTP-INPUT-04")),
          entry(Fault.AUTH_BEFORE_BODY, Set.of("TOTP-INPUT-05")),
          entry(Fault.NEVER_LOCKS, Set.of("TOTP-LOCKOUT-01", "TOTP-LOCKOUT-02")),
          entry(Fault.RETRY_AFTER_IN_MILLISECONDS, Set.of("TOTP-LOCKOUT-01", "TOTP-LOCKOUT-02")),
          entry(Fault.LOCK_NEVER_ENDS, Set.of("TOTP-LOCKOUT-03", "TOTP-LOCKOUT-04")),
          entry(Fault.FAILURES_NOT_RESET_AFTER_LOCK, Set.of("TOTP-LOCKOUT-04")),
          entry(Fault.FAILURES_COUNTED_TWICE, Set.of("TOTP-LOCKOUT-01", "TOTP-LOCKOUT-05")),
          entry(Fault.UNKNOWN_USER_AS_FORBIDDEN, Set.of("TOTP-NOTFOUND-01", "TOTP-ERRORS-01")),
          entry(
              Fault.UNKNOWN_REGISTRATION_AS_BAD_REQUEST,
              Set.of(
                  "TOTP-NOTFOUND-02",
                  "TOTP-NOTFOUND-03",
                  "TOTP-NOTFOUND-04",
                  "TOTP-CORE-08",
                  "TOTP-ERRORS-01")),
          entry(Fault.OWNER_NOT_CHECKED, Set.of("TOTP-NOTFOUND-03")),
          entry(
              Fault.ALGORITHM_IGNORED,
              Set.of("TOTP-VECTORS-01", "TOTP-VECTORS-05", "TOTP-CORE-05")),
          entry(
              Fault.DIGITS_IGNORED,
              Set.of("TOTP-VECTORS-01", "TOTP-VECTORS-02", "TOTP-VECTORS-03", "TOTP-CORE-05")),
          entry(
              Fault.CODES_NOT_ZERO_PADDED,
              Set.of("TOTP-VECTORS-02", "TOTP-VECTORS-03", "TOTP-VECTORS-04")),
          entry(Fault.NINE_DIGITS_AS_EIGHT, Set.of("TOTP-VECTORS-02", "TOTP-VECTORS-03")),
          entry(Fault.START_BODY_REFUSED, Set.of("TOTP-CORE-10")),
          entry(Fault.SCOPE_IGNORED, Set.of("TOTP-SCOPE-01")),
          entry(Fault.SNAKE_CASE_SCOPE_MISREAD, Set.of("TOTP-SCOPE-02")),
          entry(Fault.PERMISSIONS_INTERCHANGEABLE, Set.of("TOTP-AUTH-04")),
          entry(Fault.PERMISSIONS_IN_ANY_ORGANIZATION, Set.of("TOTP-AUTH-04", "TOTP-AUTH-05")),
          entry(Fault.ID_LENGTH_NOT_CHECKED, Set.of("TOTP-INPUT-06")),
          entry(Fault.PENDING_NEVER_EXPIRES, Set.of("TOTP-EXPIRY-01")),
          entry(Fault.VERIFIED_REGISTRATIONS_EXPIRE, Set.of("TOTP-EXPIRY-02")),
          entry(Fault.AUTH_ERRORS_WITHOUT_DETAIL, Set.of("TOTP-AUTH-01", "TOTP-ERRORS-01")),
          entry(Fault.DETAIL_ON_ERRORS_WITHOUT_ID, Set.of("TOTP-AUTH-01", "TOTP-ERRORS-01")));

  /**
   * Black-box requirements that a fault breaks for certain only while the server's clock stands
   * still. With a running clock a step boundary between two scenarios can hide the fault (the
   * server moves on a step while the kit's code choice is inconclusive); with the server frozen at
   * the kit's "now" the kit's step only moves forward, so skew 0 refuses the previous or the next
   * step's code, whichever scenario comes second.
   */
  private static final Map<Fault, Set<String>> MUST_FAIL_ON_A_FROZEN_SERVER_CLOCK =
      Map.of(Fault.SKEW_0, Set.of("TOTP-SKEW-01"));

  /**
   * Faults that break only an RPC transport (REST still answers right), and the transport the kit
   * must run over to catch them.
   */
  private static final Map<Fault, Map.Entry<Transport, Set<String>>> MUST_FAIL_OVER_RPC =
      Map.of(
          Fault.RPC_INVALID_ARGUMENT_AS_INTERNAL,
          entry(Transport.GRPC, Set.of("TOTP-INPUT-01", "TOTP-INPUT-02", "TOTP-ERRORS-01")),
          Fault.RPC_ERRORS_WITHOUT_DETAIL,
          entry(
              Transport.GRPC,
              Set.of("TOTP-NOTFOUND-01", "TOTP-AUTH-02", "TOTP-ERRORS-01", "TOTP-CORE-07")),
          Fault.GRPC_WEB_TRAILER_FRAME_AS_MESSAGE,
          entry(
              Transport.GRPC_WEB,
              Set.of("TOTP-CORE-01", "TOTP-CORE-06", "TOTP-NOTFOUND-01", "TOTP-ERRORS-01")),
          Fault.RPC_UNKNOWN_FIELDS_REFUSED,
          entry(Transport.GRPC, Set.of("TOTP-RPC-04")));

  static Stream<Arguments> faults() {
    return MUST_FAIL.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static Stream<Arguments> rpcFaults() {
    return MUST_FAIL_OVER_RPC.entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue().getKey(), e.getValue().getValue()));
  }

  static Stream<Arguments> faultsOnAFrozenServerClock() {
    return MUST_FAIL_ON_A_FROZEN_SERVER_CLOCK.entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  /** This test's cases, for {@link ClauseProofTest}. */
  static java.util.List<ProofCase> proofCases() {
    String proof = FaultProofTest.class.getSimpleName();
    java.util.List<ProofCase> cases = new java.util.ArrayList<>();
    MUST_FAIL.forEach(
        (fault, ids) -> cases.add(new ProofCase(fault.name(), Set.of(Transport.REST), ids, proof)));
    MUST_FAIL_ON_A_FROZEN_SERVER_CLOCK.forEach(
        (fault, ids) -> cases.add(new ProofCase(fault.name(), Set.of(Transport.REST), ids, proof)));
    MUST_FAIL_OVER_RPC.forEach(
        (fault, e) ->
            cases.add(new ProofCase(fault.name(), Set.of(e.getKey()), e.getValue(), proof)));
    cases.add(
        new ProofCase(
            Fault.RPC_UNKNOWN_FIELDS_REFUSED.name(),
            Set.of(Transport.GRPC_WEB, Transport.CONNECT),
            Set.of("TOTP-RPC-04"),
            proof));
    return cases;
  }

  /** Every broken server in the test fixtures is run by some proof test (ProofCase.all). */
  @Test
  void everyFaultHasExpectations() {
    Set<String> run = new TreeSet<>();
    ProofCase.all().forEach(c -> run.add(c.fault()));
    assertThat(run).containsAll(java.util.Arrays.stream(Fault.values()).map(Fault::name).toList());
    assertThat(MUST_FAIL.keySet()).doesNotContainAnyElementsOf(MUST_FAIL_OVER_RPC.keySet());
    assertThat(MUST_FAIL.values()).allSatisfy(ids -> assertThat(ids).isNotEmpty());
    assertThat(ProofCase.all()).allSatisfy(c -> assertThat(c.mustFail()).isNotEmpty());
  }

  /** A requirement without a fault that breaks it is a rule nobody has shown the kit can check. */
  @Test
  void everyRequirementIsProvenByAFault() throws IOException {
    Set<String> requirements = requirementIds();
    assertThat(requirements).hasSizeGreaterThan(30);
    requirements.addAll(requirementIds(true));
    Set<String> proven = new TreeSet<>();
    ProofCase.all().forEach(c -> proven.addAll(c.mustFail()));
    assertThat(requirements).as("must-fail IDs that no feature tags").containsAll(proven);
    assertThat(proven).as("requirements that no fault breaks").containsAll(requirements);
  }

  @ParameterizedTest(name = "{0} is caught by {1}")
  @MethodSource("faults")
  void theKitCatchesTheBrokenServer(Fault fault, Set<String> mustFail) {
    try (EmbeddedReferenceServer broken = BrokenReferenceServer.start(Set.of(fault))) {
      assertCaught(broken, fault.name(), mustFail);
    }
  }

  @ParameterizedTest(name = "{0} is caught over {1} by {2}")
  @MethodSource("rpcFaults")
  void theKitOverRpcCatchesTheBrokenTransport(
      Fault fault, Transport transport, Set<String> mustFail) {
    try (EmbeddedReferenceServer broken = BrokenReferenceServer.start(Set.of(fault))) {
      assertCaught(broken.target().over(transport), fault + "-" + transport, mustFail);
    }
  }

  /**
   * The other two RPC transports, scenario by scenario: on Connect the verify request is JSON and
   * the start request protobuf, so each of Connect's codecs is caught on its own.
   */
  @ParameterizedTest(name = "RPC_UNKNOWN_FIELDS_REFUSED is caught over {0} in both scenarios")
  @EnumSource(
      value = Transport.class,
      names = {"GRPC_WEB", "CONNECT"})
  void theKitCatchesAServerThatRefusesUnknownFields(Transport transport) {
    try (EmbeddedReferenceServer broken =
        BrokenReferenceServer.start(Set.of(Fault.RPC_UNKNOWN_FIELDS_REFUSED))) {
      ConformanceKit.Result result =
          forTheVerdict(
              broken.target().over(transport),
              Path.of("target/fault-proof/RPC_UNKNOWN_FIELDS_REFUSED-" + transport),
              "@TOTP-RPC-04");
      assertThat(result.exitStatus()).isEqualTo(1);
      assertThat(result.outcome().scenarios())
          .hasSize(2)
          .allSatisfy(scenario -> assertThat(scenario.verdict()).isEqualTo(Verdict.FAILED));
    }
  }

  @ParameterizedTest(name = "{0} on a frozen server clock is caught by {1}")
  @MethodSource("faultsOnAFrozenServerClock")
  void theKitCatchesTheBrokenServerWhoseClockStandsStill(Fault fault, Set<String> mustFail) {
    try (EmbeddedReferenceServer broken = BrokenReferenceServer.start(Set.of(fault))) {
      Target target = broken.target();
      new HooksApi(target.hooksUrl().orElseThrow(), target.hooksToken())
          .freezeClock(Instant.ofEpochMilli(KitClock.now().toEpochMilli()));
      assertCaught(broken, fault + "-frozen", mustFail);
    }
  }

  private static void assertCaught(
      EmbeddedReferenceServer broken, String name, Set<String> mustFail) {
    assertCaught(broken.target(), name, mustFail);
  }

  private static void assertCaught(Target target, String name, Set<String> mustFail) {
    String tags = String.join(" or ", mustFail.stream().map(id -> "@" + id).sorted().toList());
    ConformanceKit.Result result =
        forTheVerdict(target, Path.of("target/fault-proof/" + name), tags);
    assertThat(result.exitStatus()).as("exit status against %s", name).isEqualTo(1);
    assertThat(result.outcome().failedRequirements())
        .as("failed requirements against %s", name)
        .containsAll(mustFail);
  }

  @Test
  void theCorrectServerPassesEverything() {
    try (EmbeddedReferenceServer correct = EmbeddedReferenceServer.start()) {
      ConformanceKit.Result result =
          ConformanceKit.run(
              correct.target(), Path.of("target/fault-proof/NONE"), Optional.empty(), quietly());
      assertThat(result.outcome().failedRequirements()).isEmpty();
      // Over REST only the RPC-only scenarios are skipped, and they say why.
      assertThat(result.outcome().scenarios())
          .filteredOn(scenario -> scenario.verdict() == Verdict.SKIPPED)
          .allSatisfy(
              scenario -> {
                assertThat(scenario.tags()).contains("@rpc");
                assertThat(scenario.reason())
                    .get()
                    .asString()
                    .startsWith("not applicable over rest");
              })
          .isNotEmpty();
      assertThat(result.outcome().count(Verdict.PASSED)).isGreaterThan(100);
      assertThat(result.exitStatus()).isZero();
      // Every requirement that a fault must break also passed here, so the failures above are the
      // faults'.
      assertThat(result.outcome().requirements()).containsKeys(requirementIdsOrFail());
    }
  }

  /** The requirement IDs tagged in features/*.feature. */
  static Set<String> requirementIds() throws IOException {
    return requirementIds(false);
  }

  /** The requirement IDs tagged in features/v2-*.feature (the v2 dialect's), or in the others. */
  static Set<String> requirementIds(boolean v2) throws IOException {
    Set<String> ids = new TreeSet<>();
    Pattern id = Pattern.compile("@(TOTP-(?:V2-)?[A-Z]+-[0-9]{2})\\b");
    try (Stream<Path> files = Files.list(Path.of("../features"))) {
      for (Path feature :
          files
              .filter(f -> f.toString().endsWith(".feature"))
              .filter(f -> f.getFileName().toString().startsWith("v2-") == v2)
              .toList()) {
        Matcher tags = id.matcher(Files.readString(feature));
        while (tags.find()) {
          ids.add(tags.group(1));
        }
      }
    }
    return ids;
  }

  private static String[] requirementIdsOrFail() {
    try {
      return requirementIds().toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A proof's run of the scenarios {@code tags} selects: only its verdict is read, so it prints
   * nothing and leaves Cucumber's HTML page out of its reports.
   */
  static ConformanceKit.Result forTheVerdict(Target target, Path reports, String tags) {
    return ConformanceKit.run(
        target,
        reports,
        Optional.of(tags),
        Waivers.none(),
        quietly(),
        ConformanceKit.Reports.WITHOUT_CUCUMBER_HTML);
  }

  static PrintStream quietly() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}

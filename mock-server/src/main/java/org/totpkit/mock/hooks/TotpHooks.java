package org.totpkit.mock.hooks;

import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.common.url.PathParams;
import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.totpkit.contract.hooks.model.CallEvent;
import org.totpkit.contract.hooks.model.ClockAdvance;
import org.totpkit.contract.hooks.model.ClockSetting;
import org.totpkit.contract.hooks.model.ClockState;
import org.totpkit.contract.hooks.model.CodeWindow;
import org.totpkit.contract.hooks.model.CreateTokenRequest;
import org.totpkit.contract.hooks.model.CreateUserRequest;
import org.totpkit.contract.hooks.model.CreatedToken;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.CurrentCode;
import org.totpkit.contract.hooks.model.EventPage;
import org.totpkit.contract.hooks.model.ImportRegistrationRequest;
import org.totpkit.contract.hooks.model.ImportedRegistration;
import org.totpkit.contract.hooks.model.OtpPolicy;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.contract.hooks.model.StartedRegistration;
import org.totpkit.contract.hooks.model.UserSummary;
import org.totpkit.contract.hooks.model.WindowCode;
import org.totpkit.mock.contract.AnsweredCall;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.hooks.HookBodies.BadHookRequest;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.Rendering;
import org.totpkit.mock.totp.Base32;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.Directory;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.LimitReached;
import org.totpkit.mock.totp.Outcome;
import org.totpkit.mock.totp.Permission;
import org.totpkit.mock.totp.Scope;
import org.totpkit.mock.totp.TotpPolicy;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.User;
import org.totpkit.mock.totp.VirtualClock;

/** The fixture, clock and policy hooks of contract/hooks.md, served under {@code /__admin/totp}. */
public final class TotpHooks implements AdminApiExtension {
  // Frozen and shifted time stays within what an RFC 3339 timestamp can say.
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final TotpService service;
  private final AdminGuard guard;
  private final Runnable onReset;
  private final CallEvents events;
  private final UserViews users;

  /**
   * @param onReset also run by the reset hook, after the domain is reset (the request journal)
   */
  public TotpHooks(TotpService service, AdminGuard guard, Runnable onReset) {
    this(service, guard, onReset, new CallEvents(service.clock()));
  }

  /**
   * @param onReset also run by the reset hook, after the domain is reset (the request journal)
   * @param events the API's answers, which the events hook serves (the reset hook empties it)
   */
  public TotpHooks(TotpService service, AdminGuard guard, Runnable onReset, CallEvents events) {
    this.service = service;
    this.guard = guard;
    this.onReset = onReset;
    this.events = events;
    this.users = new UserViews(service);
  }

  @Override
  public String getName() {
    return "totp-hooks";
  }

  // WireMock finds a route's path template by its task's class, so every route needs a lambda
  // of its own: one shared task class would parse every path with the first template.
  @Override
  public void contributeAdminApiRoutes(Router router) {
    router.add(RequestMethod.GET, "/totp/users", (a, e, p) -> run(e, p, this::listUsers));
    router.add(RequestMethod.POST, "/totp/users", (a, e, p) -> run(e, p, this::createUser));
    router.add(RequestMethod.GET, "/totp/users/{userId}", (a, e, p) -> run(e, p, this::readUser));
    router.add(RequestMethod.POST, "/totp/tokens", (a, e, p) -> run(e, p, this::createToken));
    router.add(
        RequestMethod.POST,
        "/totp/users/{userId}/totp",
        (a, e, p) -> run(e, p, this::importRegistration));
    router.add(
        RequestMethod.GET,
        "/totp/users/{userId}/totp/{totpId}/code",
        (a, e, p) -> run(e, p, this::currentCode));
    router.add(
        RequestMethod.POST,
        "/totp/users/{userId}/totp/start",
        (a, e, p) -> run(e, p, this::startRegistration));
    router.add(
        RequestMethod.GET,
        "/totp/users/{userId}/totp/{totpId}/window",
        (a, e, p) -> run(e, p, this::codeWindow));
    router.add(RequestMethod.GET, "/totp/events", (a, e, p) -> run(e, p, this::listEvents));
    router.add(
        RequestMethod.GET,
        "/totp/users/{userId}/totp/code",
        (a, e, p) -> run(e, p, this::currentCodeOfUserTotp));
    router.add(RequestMethod.GET, "/totp/clock", (a, e, p) -> run(e, p, call -> clockState()));
    router.add(RequestMethod.PUT, "/totp/clock", (a, e, p) -> run(e, p, this::setClock));
    router.add(RequestMethod.DELETE, "/totp/clock", (a, e, p) -> run(e, p, this::realClock));
    router.add(
        RequestMethod.POST, "/totp/clock/advance", (a, e, p) -> run(e, p, this::advanceClock));
    router.add(RequestMethod.GET, "/totp/policy", (a, e, p) -> run(e, p, call -> policyResponse()));
    router.add(RequestMethod.PUT, "/totp/policy", (a, e, p) -> run(e, p, this::changePolicy));
    router.add(RequestMethod.POST, "/totp/reset", (a, e, p) -> run(e, p, this::reset));
  }

  /** One hook call: its body, path parameters and query parameters (by name). */
  private record Call(
      byte[] body, Map<String, String> pathParams, Function<String, QueryParameter> queries) {
    /** A whole-number query parameter within bounds, or {@code fallback} when not given. */
    long query(String name, long fallback, long min, long max) {
      QueryParameter parameter = queries.apply(name);
      if (parameter == null || !parameter.isPresent()) {
        return fallback;
      }
      if (parameter.values().size() != 1) {
        throw new BadHookRequest(name + " must be given once");
      }
      long value;
      try {
        value = Long.parseLong(parameter.firstValue());
      } catch (NumberFormatException e) {
        throw new BadHookRequest(name + " must be a whole number");
      }
      if (value < min || value > max) {
        throw new BadHookRequest(name + " must be between " + min + " and " + max);
      }
      return value;
    }
  }

  private ResponseDefinition run(
      ServeEvent serveEvent, PathParams pathParams, Function<Call, ApiResponse> hook) {
    Request request = serveEvent.getRequest();
    return Rendering.toDefinition(
        answer(
            request.getHeader("Authorization"),
            new Call(request.getBody(), pathParams, request::queryParameter),
            hook));
  }

  /**
   * The import hook ({@code POST /totp/users/{userId}/totp}) for {@link HookFront}, which serves it
   * in front of WireMock's admin routing: the same checks and answer as through the router.
   *
   * @param userId the path's user id, as WireMock's path template would give it
   * @param body the request body as the request gate read it
   */
  ApiResponse importRegistration(String userId, byte[] body, String authorization) {
    return answer(
        authorization,
        new Call(body, Map.of("userId", userId), QueryParameter::absent),
        this::importRegistration);
  }

  private ApiResponse answer(String authorization, Call call, Function<Call, ApiResponse> hook) {
    ApiResponse response;
    if (!guard.holdsToken(authorization)) {
      response = Rendering.error(ErrorTable.unauthenticatedHook());
    } else {
      try {
        response = hook.apply(call);
      } catch (BadHookRequest
          | IllegalArgumentException
          | DateTimeException
          | ArithmeticException e) {
        response = Rendering.error(ErrorTable.badHookRequest(e.getMessage()));
      } catch (LimitReached e) {
        response = Rendering.error(ErrorTable.resourceExhausted(e.getMessage()));
      }
    }
    return response;
  }

  private ApiResponse createUser(Call call) {
    CreateUserRequest request = HookBodies.read(call.body(), CreateUserRequest.class, true);
    checkLength(request.getLoginName(), "loginName");
    checkLength(request.getOrgId(), "orgId");
    Directory.Enrolment enrolment =
        service.directory().createUser(request.getLoginName(), request.getOrgId());
    return ApiResponse.ok(
        new CreatedUser()
            .userId(enrolment.user().id())
            .orgId(enrolment.user().orgId())
            .loginName(enrolment.user().loginName())
            .token(enrolment.token())
            .created(enrolment.user().created().atOffset(java.time.ZoneOffset.UTC)));
  }

  private ApiResponse listUsers(Call call) {
    int limit = (int) call.query("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    return ApiResponse.ok(users.newest(limit));
  }

  private ApiResponse readUser(Call call) {
    UserSummary user = users.one(call.pathParams().get("userId"));
    return user == null ? Rendering.error(ErrorTable.userNotFound()) : ApiResponse.ok(user);
  }

  // As the user's own start through the API: the policy's parameters, issuer and bounds.
  private ApiResponse startRegistration(Call call) {
    String userId = call.pathParams().get("userId");
    Optional<User> user = service.directory().user(userId);
    if (user.isEmpty()) {
      return Rendering.error(ErrorTable.userNotFound());
    }
    Outcome outcome = service.start(Caller.user(user.get()), userId, Scope.NONE);
    if (outcome instanceof Outcome.Started started) {
      return ApiResponse.ok(
          new StartedRegistration()
              .totpId(started.totpId())
              .uri(started.uri())
              .secret(started.secretBase32())
              .qrCode(QrCodeSvg.dataUri(started.uri())));
    }
    if (outcome instanceof Outcome.Exhausted exhausted) {
      return Rendering.error(
          ErrorTable.resourceExhausted(
              LimitReached.message(exhausted.resource(), exhausted.limit())));
    }
    return Rendering.error(ErrorTable.userNotFound());
  }

  private ApiResponse codeWindow(Call call) {
    String userId = call.pathParams().get("userId");
    if (service.directory().user(userId).isEmpty()) {
      return Rendering.error(ErrorTable.userNotFound());
    }
    return service
        .codeWindow(userId, call.pathParams().get("totpId"))
        .map(
            window ->
                ApiResponse.ok(
                    new CodeWindow()
                        .epochMillis(window.at().toEpochMilli())
                        .step(window.step())
                        .validForMillis(window.validForMillis())
                        .codes(
                            window.codes().stream()
                                .map(
                                    c ->
                                        new WindowCode()
                                            .offset(c.offset())
                                            .step(c.step())
                                            .code(c.code()))
                                .toList())))
        .orElseGet(() -> Rendering.error(ErrorTable.registrationNotFound()));
  }

  private ApiResponse listEvents(Call call) {
    long after = call.query("after", 0, 0, Long.MAX_VALUE);
    int limit = (int) call.query("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    List<CallEvent> page = events.after(after, limit).stream().map(TotpHooks::callEvent).toList();
    long next = page.isEmpty() ? after : page.get(page.size() - 1).getSeq();
    return ApiResponse.ok(new EventPage().events(page).next(next));
  }

  private static CallEvent callEvent(CallEvents.Event event) {
    AnsweredCall call = event.call();
    CallEvent out =
        new CallEvent()
            .seq(event.seq())
            .at(event.at().atOffset(ZoneOffset.UTC))
            .dialect(call.dialect())
            .method(call.method())
            .userId(call.userId() == null ? "" : call.userId())
            .totpId(call.totpId());
    if (call.error() == null) {
      return out.outcome(CallEvent.OutcomeEnum.OK).code(0);
    }
    return out.outcome(CallEvent.OutcomeEnum.ERROR)
        .code(call.error().code().value)
        .row(call.row() == 0 ? null : call.row())
        .errorId(call.error().detail().map(ContractError.Detail::id).orElse(null))
        .message(call.error().message());
  }

  private ApiResponse createToken(Call call) {
    CreateTokenRequest request = HookBodies.read(call.body(), CreateTokenRequest.class, false);
    String orgId = HookBodies.required(request.getOrgId(), "orgId");
    checkLength(orgId, "orgId");
    HookBodies.required(request.getPermissions(), "permissions");
    EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (var permission : request.getPermissions()) {
      permissions.add(
          Permission.byName(HookBodies.required(permission, "permissions[]").getValue())
              .orElseThrow());
    }
    return ApiResponse.ok(
        new CreatedToken().token(service.directory().createToken(orgId, permissions)));
  }

  private ApiResponse importRegistration(Call call) {
    ImportRegistrationRequest request =
        HookBodies.read(call.body(), ImportRegistrationRequest.class, false);
    byte[] secret = Base32.decode(HookBodies.required(request.getSecret(), "secret"));
    HashAlgorithm algorithm =
        request.getAlgorithm() == null
            ? null
            : HashAlgorithm.valueOf(request.getAlgorithm().getValue());
    if (request.getDigits() != null && (request.getDigits() < 6 || request.getDigits() > 9)) {
      throw new BadHookRequest("digits must be between 6 and 9");
    }
    if (request.getPeriod() != null && request.getPeriod() < 1) {
      throw new BadHookRequest("period must be at least 1 second");
    }
    return service
        .importRegistration(
            call.pathParams().get("userId"),
            secret,
            algorithm,
            request.getDigits(),
            request.getPeriod())
        .map(totpId -> ApiResponse.ok(new ImportedRegistration().totpId(totpId)))
        .orElseGet(() -> Rendering.error(ErrorTable.userNotFound()));
  }

  private ApiResponse currentCode(Call call) {
    String userId = call.pathParams().get("userId");
    if (service.directory().user(userId).isEmpty()) {
      return Rendering.error(ErrorTable.userNotFound());
    }
    return codeResponse(service.currentCode(userId, call.pathParams().get("totpId")));
  }

  /** The current code of the user's v2 TOTP, which has no id a client could name. */
  private ApiResponse currentCodeOfUserTotp(Call call) {
    String userId = call.pathParams().get("userId");
    if (service.directory().user(userId).isEmpty()) {
      return Rendering.error(ErrorTable.userNotFound());
    }
    return codeResponse(
        service.store().ownTotpId(userId).flatMap(id -> service.currentCode(userId, id)));
  }

  private static ApiResponse codeResponse(
      java.util.Optional<org.totpkit.mock.totp.CurrentCode> code) {
    return code.map(
            now ->
                ApiResponse.ok(
                    new CurrentCode()
                        .code(now.code())
                        .step(now.step())
                        .validForMillis(now.validForMillis())))
        .orElseGet(() -> Rendering.error(ErrorTable.registrationNotFound()));
  }

  private ApiResponse setClock(Call call) {
    ClockSetting setting = HookBodies.read(call.body(), ClockSetting.class, false);
    boolean freeze = setting.getEpochMillis() != null;
    boolean shift = setting.getOffsetMillis() != null;
    if (freeze == shift) {
      throw new BadHookRequest("give exactly one of epochMillis (freeze) and offsetMillis (shift)");
    }
    VirtualClock clock = service.clock();
    if (freeze) {
      clock.freezeAt(checkedInstant(Instant.ofEpochMilli(setting.getEpochMillis())));
    } else {
      Duration offset = Duration.ofMillis(setting.getOffsetMillis());
      checkedInstant(clock.shiftedBy(offset));
      clock.shift(offset);
    }
    return clockState();
  }

  private ApiResponse advanceClock(Call call) {
    ClockAdvance advance = HookBodies.read(call.body(), ClockAdvance.class, false);
    long millis = HookBodies.required(advance.getMillis(), "millis");
    if (millis < 0) {
      throw new BadHookRequest("millis must not be negative: the clock only moves forward");
    }
    checkedInstant(service.clock().instant().plusMillis(millis));
    service.clock().advance(Duration.ofMillis(millis));
    return clockState();
  }

  private ApiResponse realClock(Call call) {
    service.clock().useRealTime();
    return clockState();
  }

  private ApiResponse clockState() {
    VirtualClock.Reading reading = service.clock().reading();
    return ApiResponse.ok(
        new ClockState()
            .epochMillis(reading.instant().toEpochMilli())
            .frozen(reading.frozen())
            .offsetMillis(reading.offset().toMillis()));
  }

  private ApiResponse changePolicy(Call call) {
    OtpPolicyChange change = HookBodies.read(call.body(), OtpPolicyChange.class, false);
    service.changePolicy(
        current ->
            new TotpPolicy(
                change.getAlgorithm() != null
                    ? HashAlgorithm.valueOf(change.getAlgorithm().getValue())
                    : current.algorithm(),
                orElse(change.getDigits(), current.digits()),
                orElse(change.getPeriod(), current.periodSeconds()),
                orElse(change.getSkew(), current.skew()),
                change.getIssuer() != null ? change.getIssuer() : current.issuer(),
                orElse(change.getMaxFailedAttempts(), current.maxFailedAttempts()),
                orElse(change.getLockSeconds(), current.lockSeconds()),
                orElse(change.getPendingTtlSeconds(), current.pendingTtlSeconds())));
    return policyResponse();
  }

  private ApiResponse policyResponse() {
    TotpPolicy policy = service.policy();
    return ApiResponse.ok(
        new OtpPolicy()
            .algorithm(
                org.totpkit.contract.hooks.model.HashAlgorithm.fromValue(policy.algorithm().name()))
            .digits(policy.digits())
            .period(policy.periodSeconds())
            .skew(policy.skew())
            .issuer(policy.issuer())
            .maxFailedAttempts(policy.maxFailedAttempts())
            .lockSeconds(policy.lockSeconds())
            .pendingTtlSeconds(policy.pendingTtlSeconds()));
  }

  private ApiResponse reset(Call call) {
    service.reset();
    events.clear();
    onReset.run();
    return ApiResponse.ok(Map.of());
  }

  private static int orElse(Integer value, int fallback) {
    return value != null ? value : fallback;
  }

  private static void checkLength(String value, String field) {
    if (value != null && (value.isEmpty() || value.length() > 200)) {
      throw new BadHookRequest(field + " must be 1 to 200 characters");
    }
  }

  private static Instant checkedInstant(Instant instant) {
    if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
      throw new BadHookRequest("the clock must stay between 1970-01-01 and 9999-12-31");
    }
    return instant;
  }
}

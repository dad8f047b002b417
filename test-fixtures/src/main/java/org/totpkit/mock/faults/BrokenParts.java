package org.totpkit.mock.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.http.Request;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.totpkit.contract.api.model.ProtobufAny;
import org.totpkit.contract.api.model.RpcStatus;
import org.totpkit.contract.api.model.V3alphaStartTOTPRegistrationResponse;
import org.totpkit.mock.ServerParts;
import org.totpkit.mock.contract.Authentication;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.StatusCode;
import org.totpkit.mock.contract.v2.V2Checks;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.http.Rendering;
import org.totpkit.mock.totp.Base32;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.CodeCheck;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Permission;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TimeBasedCode;
import org.totpkit.mock.totp.TotpParameters;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.VirtualClock;
import org.totpkit.mock.transport.rpc.RpcDecoding;
import org.totpkit.mock.transport.rpc.RpcFinish;
import org.totpkit.mock.transport.rpc.RpcMethod;
import org.totpkit.mock.transport.rpc.RpcReply;
import org.totpkit.mock.transport.rpc.RpcStatusCodec;

/**
 * The server's replaceable parts, with the given faults built in. One instance serves one server:
 * its store is built once, because some response faults change registrations too.
 */
public final class BrokenParts implements ServerParts {
  private final Set<Fault> faults;
  private TotpStore store;
  // The user the request being served addresses (for a store that never compares owners).
  private final ThreadLocal<String> addressedUser = new ThreadLocal<>();
  private final AtomicReference<byte[]> firstSecret = new AtomicReference<>();

  public BrokenParts(Set<Fault> faults) {
    this.faults = Set.copyOf(faults);
  }

  @Override
  public CodeCheck codeCheck() {
    if (faults.contains(Fault.VERIFIER_IGNORES_SERVER_CLOCK)) {
      // A clock of the verifier's own, which the hooks never freeze, shift or advance.
      VirtualClock own = VirtualClock.system();
      return (key, parameters, at, submitted) ->
          CodeCheck.RFC_6238.matches(key, parameters, own.instant(), submitted);
    }
    if (faults.contains(Fault.ACCEPT_ANY_CODE)) {
      return (key, parameters, at, submitted) -> true;
    }
    if (faults.contains(Fault.SKEW_0)) {
      return withSkew(0);
    }
    if (faults.contains(Fault.SKEW_2)) {
      return withSkew(2);
    }
    if (faults.contains(Fault.NUMERIC_CODE_COMPARISON)) {
      return BrokenParts::numericallyEqual;
    }
    if (faults.contains(Fault.ALGORITHM_IGNORED)) {
      return withParameters(
          p -> new TotpParameters(HashAlgorithm.SHA1, p.digits(), p.periodSeconds(), p.skew()));
    }
    if (faults.contains(Fault.DIGITS_IGNORED)) {
      return withParameters(p -> new TotpParameters(p.algorithm(), 6, p.periodSeconds(), p.skew()));
    }
    if (faults.contains(Fault.CODES_NOT_ZERO_PADDED)) {
      return comparingWith(
          (key, p, at, offset) ->
              Long.toString(Long.parseLong(TimeBasedCode.codeAt(key, p, at, offset))));
    }
    if (faults.contains(Fault.NINE_DIGITS_AS_EIGHT)) {
      return comparingWith(
          (key, p, at, offset) ->
              p.digits() < 9
                  ? TimeBasedCode.codeAt(key, p, at, offset)
                  : "0"
                      + TimeBasedCode.codeAt(
                          key,
                          new TotpParameters(p.algorithm(), 8, p.periodSeconds(), p.skew()),
                          at,
                          offset));
    }
    return CodeCheck.RFC_6238;
  }

  @Override
  /** The store the server uses: {@code engine}, broken as the faults say. Called once. */
  public TotpStore store(TotpStore engine) {
    if (store != null) {
      throw new IllegalStateException("one BrokenParts serves one server");
    }
    store = buildStore(engine);
    return store;
  }

  private TotpStore buildStore(TotpStore engine) {
    if (faults.contains(Fault.CHECK_THEN_SET_RACE)) {
      return new RacyStore(engine);
    }
    if (faults.contains(Fault.SECOND_VERIFY_SUCCEEDS)) {
      return new ForgetfulStore(engine);
    }
    if (faults.contains(Fault.REMOVE_KEEPS_REGISTRATION)) {
      return new TwistedStore(engine, TwistedStore::keepOnRemove);
    }
    if (faults.contains(Fault.VERIFIED_CANNOT_BE_REMOVED)) {
      return new TwistedStore(engine, TwistedStore::removePendingOnly);
    }
    if (faults.contains(Fault.NEVER_LOCKS)) {
      return new TwistedStore(engine, TwistedStore::neverLock);
    }
    if (faults.contains(Fault.LOCK_NEVER_ENDS)) {
      return new TwistedStore(engine, TwistedStore::lockForever);
    }
    if (faults.contains(Fault.FAILURES_NOT_RESET_AFTER_LOCK)) {
      return new TwistedStore(engine, TwistedStore::carryFailuresOverLock);
    }
    if (faults.contains(Fault.FAILURES_COUNTED_TWICE)) {
      return new TwistedStore(engine, TwistedStore::countFailuresTwice);
    }
    if (faults.contains(Fault.OWNER_NOT_CHECKED)) {
      return new TwistedStore(engine, TwistedStore.ownerNotChecked(addressedUser::get));
    }
    if (faults.contains(Fault.REMOVE_OWNER_NOT_CHECKED)) {
      return new TwistedStore(engine, TwistedStore.removeOwnerNotChecked(addressedUser::get));
    }
    if (faults.contains(Fault.LOCKOUT_COUNTED_PER_USER)) {
      return new PerUserFailuresStore(engine);
    }
    if (faults.contains(Fault.POLICY_SKEW_IGNORED_AT_START)) {
      return new ParametersAtStartStore(
          engine, p -> new TotpParameters(p.algorithm(), p.digits(), p.periodSeconds(), 1));
    }
    if (faults.contains(Fault.POLICY_PERIOD_IGNORED_AT_START)) {
      return new ParametersAtStartStore(
          engine, p -> new TotpParameters(p.algorithm(), p.digits(), 30, p.skew()));
    }
    if (faults.contains(Fault.STORE_REFUSES_START_BESIDE_A_PENDING_REGISTRATION)) {
      return new OneStateOnlyStore(engine, Registration.State.PENDING);
    }
    if (faults.contains(Fault.STORE_REFUSES_START_BESIDE_A_VERIFIED_REGISTRATION)) {
      return new OneStateOnlyStore(engine, Registration.State.VERIFIED);
    }
    if (faults.contains(Fault.REMOVE_IGNORES_EXPIRY)) {
      return new TwistedStore(engine, TwistedStore::removeIgnoresExpiry);
    }
    if (faults.contains(Fault.PENDING_NEVER_EXPIRES)) {
      return new TwistedStore(engine, TwistedStore::neverExpire);
    }
    if (faults.contains(Fault.VERIFIED_REGISTRATIONS_EXPIRE)) {
      return new TwistedStore(engine, TwistedStore::expireVerifiedToo);
    }
    return engine;
  }

  @Override
  public Authentication authentication(Authentication correct) {
    if (faults.contains(Fault.ORDER_AUTH_AFTER_FIELD_RULES)) {
      // The field rules first: a refused caller with an over-long user id hears about the id.
      return (authorization, pathUserId) -> {
        Authentication.Result result = correct.authenticate(authorization, pathUserId);
        if (result instanceof Authentication.Refused
            && pathUserId != null
            && pathUserId.codePointCount(0, pathUserId.length()) > 200) {
          return new Authentication.Refused(
              ErrorTable.fieldLength(org.totpkit.mock.contract.Operation.START, "Id", 1, 200));
        }
        return result;
      };
    }
    if (faults.contains(Fault.USER_ID_COUNTED_IN_UTF16_UNITS)) {
      // After the caller is known, as row 7 comes: String.length() where code points are meant.
      return (authorization, pathUserId) -> {
        Authentication.Result result = correct.authenticate(authorization, pathUserId);
        if (result instanceof Authentication.Authenticated
            && pathUserId != null
            && pathUserId.length() > 200) {
          return new Authentication.Refused(
              ErrorTable.fieldLength(org.totpkit.mock.contract.Operation.START, "Id", 1, 200));
        }
        return result;
      };
    }
    if (faults.contains(Fault.ORDER_PERMISSION_BEFORE_USER)) {
      // "Is it you?" before "does the user exist?": another end user is refused outright.
      return (authorization, pathUserId) -> {
        Authentication.Result result = correct.authenticate(authorization, pathUserId);
        if (result instanceof Authentication.Authenticated ok
            && ok.caller().userId() != null
            && !ok.caller().userId().equals(pathUserId)
            && store.user(pathUserId).isEmpty()) {
          return new Authentication.Refused(ErrorTable.permissionDenied());
        }
        return result;
      };
    }
    if (faults.contains(Fault.AUTH_IGNORED)) {
      return (authorization, pathUserId) ->
          new Authentication.Authenticated(new Caller(pathUserId, null, Set.of()));
    }
    if (faults.contains(Fault.ORG_PERMISSIONS_IGNORED)) {
      return (authorization, pathUserId) -> {
        Authentication.Result result = correct.authenticate(authorization, pathUserId);
        if (result instanceof Authentication.Authenticated ok) {
          Caller caller = ok.caller();
          return new Authentication.Authenticated(
              new Caller(caller.userId(), caller.orgId(), Set.of()));
        }
        return result;
      };
    }
    if (faults.contains(Fault.PERMISSIONS_INTERCHANGEABLE)) {
      return (authorization, pathUserId) -> {
        Authentication.Result result = correct.authenticate(authorization, pathUserId);
        if (result instanceof Authentication.Authenticated ok
            && !ok.caller().permissions().isEmpty()) {
          Caller caller = ok.caller();
          return new Authentication.Authenticated(
              new Caller(caller.userId(), caller.orgId(), EnumSet.allOf(Permission.class)));
        }
        return result;
      };
    }
    if (faults.contains(Fault.PERMISSIONS_IN_ANY_ORGANIZATION)) {
      return (authorization, pathUserId) -> {
        Authentication.Result result = correct.authenticate(authorization, pathUserId);
        if (result instanceof Authentication.Authenticated ok
            && !ok.caller().permissions().isEmpty()) {
          Caller caller = ok.caller();
          return new Authentication.Authenticated(
              new Caller(pathUserId, caller.orgId(), caller.permissions()));
        }
        return result;
      };
    }
    if (faults.contains(Fault.OWNER_NOT_CHECKED)
        || faults.contains(Fault.REMOVE_OWNER_NOT_CHECKED)) {
      return (authorization, pathUserId) -> {
        addressedUser.set(pathUserId);
        return correct.authenticate(authorization, pathUserId);
      };
    }
    return correct;
  }

  @Override
  public V2Checks v2Checks(V2Checks standard, Authentication authentication) {
    return V2BrokenChecks.needed(faults)
        ? new V2BrokenChecks(faults, standard, authentication, store)
        : standard;
  }

  /** A request rewrite, when a fault changes requests before the API sees them. */
  @Override
  public List<Extension> extensionsBefore(Authentication authentication) {
    BiFunction<Request, String, String> rewrite = null;
    if (faults.contains(Fault.LENIENT_CODE_BODY)) {
      rewrite = VerifyBodyRewrite::lenient;
    } else if (faults.contains(Fault.AUTH_BEFORE_BODY)) {
      rewrite = VerifyBodyRewrite.authenticatedFirst(authentication);
    } else if (faults.contains(Fault.BOOLEAN_CODE_BODY_AS_TEXT)) {
      rewrite = VerifyBodyRewrite::booleanAsText;
    } else if (faults.contains(Fault.CODE_COUNTED_IN_UTF16_UNITS)) {
      rewrite = VerifyBodyRewrite::codeInUtf16Units;
    }
    List<Extension> before = new java.util.ArrayList<>();
    if (rewrite != null) {
      before.add(new VerifyBodyRewrite(rewrite));
    }
    if (faults.contains(Fault.REST_JSON_AS_TEXT_PLAIN)) {
      before.add(new PlainTextLabel());
    }
    if (RequestFaults.needed(faults)) {
      before.add(new RequestFaults(faults));
    }
    if (faults.contains(Fault.ORDER_REGISTRATION_BEFORE_PERMISSION)) {
      before.add(new RegistrationBeforePermission(authentication, () -> store));
    }
    if (faults.contains(Fault.FIELD_RULE_FAILURES_COUNTED)) {
      before.add(new FieldRuleFailuresCounted(() -> store));
    }
    return before;
  }

  @Override
  public RpcFinish rpcFinisher() {
    UnaryOperator<RpcReply> reply = UnaryOperator.identity();
    if (faults.contains(Fault.RPC_INVALID_ARGUMENT_AS_INTERNAL)) {
      reply =
          thenRpc(
              reply,
              r ->
                  r.code() == StatusCode.INVALID_ARGUMENT
                      ? RpcReply.failed(r.error().withCode(StatusCode.INTERNAL))
                      : r);
    }
    if (faults.contains(Fault.V2_RPC_UNIMPLEMENTED_AS_NOT_FOUND)) {
      reply =
          thenRpc(
              reply,
              r ->
                  r.code() == StatusCode.UNIMPLEMENTED
                      ? RpcReply.failed(r.error().withCode(StatusCode.NOT_FOUND))
                      : r);
    }
    if (faults.contains(Fault.V2_CREATION_DATE_SET)) {
      reply = thenRpc(reply, BrokenParts::withCreationDate);
    }
    if (faults.contains(Fault.V2_RPC_URI_AND_SECRET_SWAPPED)) {
      reply = thenRpc(reply, BrokenParts::uriAndSecretSwapped);
    }
    if (faults.contains(Fault.RPC_RETRY_AFTER_IN_MILLISECONDS)) {
      reply =
          thenRpc(
              reply,
              r ->
                  r.error() != null && r.error().retryAfterSeconds().isPresent()
                      ? RpcReply.failed(
                          r.error().retryAfter(r.error().retryAfterSeconds().getAsLong() * 1000))
                      : r);
    }
    if (faults.contains(Fault.RPC_ERRORS_WITHOUT_DETAIL)) {
      reply =
          thenRpc(reply, r -> r.error() == null ? r : RpcReply.failed(r.error().withoutDetail()));
    }
    if (faults.contains(Fault.RPC_TOTP_ID_RENUMBERED)) {
      reply = thenRpc(reply, BrokenParts::totpIdRenumbered);
    }
    UnaryOperator<byte[]> trailers = UnaryOperator.identity();
    if (faults.contains(Fault.GRPC_WEB_TRAILER_FRAME_AS_MESSAGE)) {
      trailers =
          frame -> {
            byte[] changed = frame.clone();
            changed[0] = 0x00;
            return changed;
          };
    }
    if (faults.contains(Fault.RPC_UNAUTHENTICATED_WITH_CHALLENGE)) {
      trailers = BrokenParts::withChallenge;
    }
    UnaryOperator<String> grpcMessage = RpcStatusCodec::percentEncode;
    if (faults.contains(Fault.GRPC_MESSAGE_NOT_PERCENT_ENCODED)) {
      grpcMessage = UnaryOperator.identity();
    }
    if (faults.contains(Fault.GRPC_MESSAGE_PERCENT_ENCODED_TWICE)) {
      grpcMessage = m -> RpcStatusCodec.percentEncode(RpcStatusCodec.percentEncode(m));
    }
    return new RpcFinish(reply, trailers, grpcMessage);
  }

  /** The contract's decoding, except that requests of the method named never decode. */
  private static RpcDecoding notServing(String methodName) {
    return new RpcDecoding() {
      @Override
      public Message binary(RpcMethod method, byte[] bytes) throws InvalidProtocolBufferException {
        refuse(method);
        return RpcDecoding.CONTRACT.binary(method, bytes);
      }

      @Override
      public Message json(RpcMethod method, String json) throws InvalidProtocolBufferException {
        refuse(method);
        return RpcDecoding.CONTRACT.json(method, json);
      }

      private void refuse(RpcMethod method) throws InvalidProtocolBufferException {
        if (method.name().equals(methodName)) {
          throw new InvalidProtocolBufferException(methodName + " is not served");
        }
      }
    };
  }

  @Override
  public RpcDecoding rpcDecoding() {
    if (faults.contains(Fault.RPC_EMPTY_ONEOF_AS_GIVEN)) {
      return new RpcDecoding() {
        @Override
        public Message binary(RpcMethod method, byte[] bytes)
            throws InvalidProtocolBufferException {
          return emptyOrgIdAsGiven(RpcDecoding.CONTRACT.binary(method, bytes));
        }

        @Override
        public Message json(RpcMethod method, String json) throws InvalidProtocolBufferException {
          return emptyOrgIdAsGiven(RpcDecoding.CONTRACT.json(method, json));
        }
      };
    }
    if (faults.contains(Fault.RPC_VERIFY_NOT_SERVED)) {
      return notServing("VerifyTOTPRegistration");
    }
    if (faults.contains(Fault.V2_RPC_REMOVE_NOT_SERVED)) {
      return notServing("RemoveTOTP");
    }
    if (!faults.contains(Fault.RPC_UNKNOWN_FIELDS_REFUSED)) {
      return RpcDecoding.CONTRACT;
    }
    return new RpcDecoding() {
      @Override
      public Message binary(RpcMethod method, byte[] bytes) throws InvalidProtocolBufferException {
        Message message = RpcDecoding.CONTRACT.binary(method, bytes);
        // The top level is where the kit puts its unknown field; that is enough to be caught.
        if (!message.getUnknownFields().asMap().isEmpty()) {
          throw new InvalidProtocolBufferException("unknown field");
        }
        return message;
      }

      @Override
      public Message json(RpcMethod method, String json) throws InvalidProtocolBufferException {
        Message.Builder builder = method.newRequest();
        JsonFormat.parser().merge(json, builder);
        return builder.build();
      }
    };
  }

  private static UnaryOperator<RpcReply> thenRpc(
      UnaryOperator<RpcReply> first, UnaryOperator<RpcReply> second) {
    return r -> second.apply(first.apply(r));
  }

  @Override
  public UnaryOperator<ApiResponse> finisher() {
    UnaryOperator<ApiResponse> finish = UnaryOperator.identity();
    if (faults.contains(Fault.FORBIDDEN_AS_NOT_FOUND)) {
      finish = then(finish, r -> r.status() == 403 ? Rendering.error(ErrorTable.outOfScope()) : r);
    }
    if (faults.contains(Fault.V2_SEQUENCE_AS_NUMBER)) {
      finish =
          then(finish, r -> onV2Details(r, d -> d.put("sequence", d.path("sequence").asLong())));
    }
    if (faults.contains(Fault.V2_CREATION_DATE_SET)) {
      finish = then(finish, r -> onV2Details(r, d -> d.set("creationDate", d.get("changeDate"))));
    }
    if (faults.contains(Fault.V2_REST_CHANGE_DATE_NOT_PROTOJSON)) {
      finish =
          then(
              finish,
              r ->
                  onV2Details(
                      r,
                      d ->
                          d.put(
                              "changeDate",
                              java.time.OffsetDateTime.parse(d.path("changeDate").asText())
                                  .withOffsetSameInstant(java.time.ZoneOffset.UTC)
                                  .format(
                                      java.time.format.DateTimeFormatter.ofPattern(
                                          "uuuu-MM-dd'T'HH:mm:ss.SSSxxx")))));
    }
    if (faults.contains(Fault.V2_REST_ANSWERS_WITHOUT_DETAILS)) {
      finish = then(finish, BrokenParts::withoutV2Details);
    }
    if (faults.contains(Fault.V2_REST_SUCCESS_AS_201)) {
      finish = then(finish, r -> onV2Details(r, d -> {}) != r ? r.withStatus(201) : r);
    }
    if (faults.contains(Fault.OWNER_AS_STRING)) {
      finish = then(finish, BrokenParts::ownerAsString);
    }
    if (faults.contains(Fault.ERROR_BODY_NOT_RPC_STATUS)) {
      finish =
          then(
              finish,
              r ->
                  r.body() instanceof RpcStatus status
                      ? r.withBody(java.util.Map.of("error", status.getMessage()))
                      : r);
    }
    if (faults.contains(Fault.SECRET_LOWER_CASE)) {
      finish =
          then(
              finish,
              r ->
                  onStart(
                      r, s -> withSecretText(s, s.getSecret().toLowerCase(java.util.Locale.ROOT))));
    }
    if (faults.contains(Fault.SECRET_80_BITS)) {
      finish = then(finish, r -> reissue(r, secret -> Arrays.copyOf(secret, 10)));
    }
    if (faults.contains(Fault.SAME_SECRET_FOR_EVERY_REGISTRATION)) {
      finish =
          then(
              finish,
              r ->
                  reissue(
                      r,
                      secret -> {
                        firstSecret.compareAndSet(null, secret);
                        return firstSecret.get();
                      }));
    }
    if (faults.contains(Fault.KEY_URI_DIGITS_DISAGREE)) {
      finish = then(finish, r -> onStart(r, s -> s.uri(uriParameter(s.getUri(), "digits", "8"))));
    }
    if (faults.contains(Fault.KEY_URI_ISSUER_FROM_DEFAULTS)) {
      finish =
          then(
              finish,
              r ->
                  onStart(
                      r,
                      s ->
                          s.uri(
                              uriParameter(
                                  s.getUri().replaceFirst("^(otpauth://totp/)[^:]*:", "$1ZITADEL:"),
                                  "issuer",
                                  "ZITADEL"))));
    }
    if (faults.contains(Fault.KEY_URI_FROM_DEFAULTS)) {
      finish = then(finish, r -> onStart(r, s -> s.uri(uriFromDefaults(s.getUri()))));
    }
    if (faults.contains(Fault.RETRY_AFTER_IN_MILLISECONDS)) {
      finish = then(finish, BrokenParts::retryAfterInMilliseconds);
    }
    if (faults.contains(Fault.UNKNOWN_USER_AS_FORBIDDEN)) {
      finish =
          then(
              finish,
              r ->
                  errorId(r).equals("COMMAND-4g3xq")
                      ? Rendering.error(ErrorTable.permissionDenied())
                      : r);
    }
    if (faults.contains(Fault.UNKNOWN_REGISTRATION_AS_BAD_REQUEST)) {
      finish =
          then(
              finish,
              r ->
                  List.of("COMMAND-3Mif9s", "COMMAND-Hd9sd").contains(errorId(r))
                      ? new ApiResponse(
                          400, Map.of(), new RpcStatus().code(3).message("invalid totpId"))
                      : r);
    }
    if (faults.contains(Fault.AUTH_ERRORS_WITHOUT_DETAIL)) {
      finish =
          then(
              finish,
              r ->
                  r.status() == 401 && r.body() instanceof RpcStatus status
                      ? r.withBody(
                          new RpcStatus().code(status.getCode()).message(status.getMessage()))
                      : r);
    }
    if (faults.contains(Fault.DETAIL_ON_ERRORS_WITHOUT_ID)) {
      finish =
          then(
              finish,
              r ->
                  r.body() instanceof RpcStatus status && errorId(r).isEmpty()
                      ? r.withBody(
                          new RpcStatus()
                              .code(status.getCode())
                              .message(status.getMessage())
                              .details(
                                  List.of(
                                      new ProtobufAny()
                                          .atType("type.googleapis.com/zitadel.v1.ErrorDetail")
                                          .id("KIT-none")
                                          .message(status.getMessage()))))
                      : r);
    }
    if (faults.contains(Fault.TOTP_ID_NOT_DECIMAL)) {
      finish = then(finish, r -> onStart(r, s -> s.totpId("t" + s.getTotpId())));
    }
    if (faults.contains(Fault.SUCCESS_AS_201)) {
      finish = then(finish, r -> r.status() == 200 ? r.withStatus(201) : r);
    }
    if (faults.contains(Fault.UNAUTHENTICATED_WITHOUT_CHALLENGE)) {
      finish =
          then(
              finish,
              r ->
                  r.status() == 401
                      ? new ApiResponse(
                          401, Map.of(), // the only header a 401 carries is the challenge
                          r.body())
                      : r);
    }
    if (faults.contains(Fault.JSON_NAMES_SNAKE_CASE)) {
      finish = then(finish, BrokenParts::totpIdInSnakeCase);
    }
    if (faults.contains(Fault.DETAILS_ID_IS_THE_REGISTRATION)) {
      finish = then(finish, BrokenParts::detailsIdIsTheRegistration);
    }
    if (faults.contains(Fault.START_REFUSED_OVER_A_VERIFIED_REGISTRATION)) {
      finish = then(finish, r -> refuseStartOver(r, Registration.State.VERIFIED));
    }
    if (faults.contains(Fault.START_REFUSED_OVER_A_PENDING_REGISTRATION)) {
      finish = then(finish, r -> refuseStartOver(r, Registration.State.PENDING));
    }
    if (faults.contains(Fault.DETAILS_CHANGED_IS_THE_CREATION)) {
      finish = then(finish, r -> onV3alphaDetails(r, d -> d.set("changed", d.get("created"))));
    }
    if (faults.contains(Fault.DETAILS_CREATED_IS_THE_CHANGE)) {
      finish = then(finish, r -> onV3alphaDetails(r, d -> d.set("created", d.get("changed"))));
    }
    if (faults.contains(Fault.DETAILS_TIMES_NOT_AS_PROTOJSON)) {
      finish =
          then(
              finish,
              r ->
                  onV3alphaDetails(
                      r,
                      d -> {
                        for (String field : new String[] {"created", "changed"}) {
                          d.put(
                              field,
                              java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                                  java.time.OffsetDateTime.parse(d.path(field).asText())));
                        }
                      }));
    }
    return finish;
  }

  /** Changes the v3alpha details of a successful REST answer (they have created and changed). */
  private static ApiResponse onV3alphaDetails(
      ApiResponse response, java.util.function.Consumer<ObjectNode> change) {
    if (response.status() != 200) {
      return response;
    }
    ObjectNode body = Json.MAPPER.valueToTree(response.body());
    if (body.get("details") instanceof ObjectNode details && details.has("changed")) {
      change.accept(details);
      return response.withBody(body);
    }
    return response;
  }

  private static ApiResponse totpIdInSnakeCase(ApiResponse response) {
    if (response.status() == 200
        && response.body() instanceof V3alphaStartTOTPRegistrationResponse) {
      ObjectNode body = Json.MAPPER.valueToTree(response.body());
      body.set("totp_id", body.remove("totpId"));
      return response.withBody(body);
    }
    return response;
  }

  private static ApiResponse detailsIdIsTheRegistration(ApiResponse response) {
    if (response.status() == 200
        && response.body() instanceof V3alphaStartTOTPRegistrationResponse started) {
      ObjectNode body = Json.MAPPER.valueToTree(started);
      if (body.get("details") instanceof ObjectNode details) {
        details.put("id", started.getTotpId());
      }
      return response.withBody(body);
    }
    return response;
  }

  /**
   * A start the engine granted is taken back (the new registration removed) when the user already
   * holds another registration in {@code state}: as if start checked for one.
   */
  private ApiResponse refuseStartOver(ApiResponse response, Registration.State state) {
    if (response.status() != 200
        || !(response.body() instanceof V3alphaStartTOTPRegistrationResponse started)) {
      return response;
    }
    String totpId = started.getTotpId();
    String userId = store.registration(totpId).map(Registration::userId).orElse(null);
    boolean another =
        store.contents().registrations().stream()
            .anyMatch(
                r -> !r.totpId().equals(totpId) && r.userId().equals(userId) && r.state() == state);
    if (!another) {
      return response;
    }
    store.transition(totpId, r -> new TotpStore.Transition<>(null, null));
    return new ApiResponse(
        400, Map.of(), new RpcStatus().code(9).message("the user already has a TOTP registration"));
  }

  /**
   * Changes the v2 details of a successful REST answer (they have a sequence; v3alpha's have none).
   */
  private static ApiResponse onV2Details(
      ApiResponse response, java.util.function.Consumer<ObjectNode> change) {
    if (response.status() != 200) {
      return response;
    }
    ObjectNode body = Json.MAPPER.valueToTree(response.body());
    if (body.get("details") instanceof ObjectNode details && details.has("sequence")) {
      change.accept(details);
      return response.withBody(body);
    }
    return response;
  }

  /** A v2 RPC success whose details carry creation_date (the change date). */
  /** A v2 verify or remove answer (details, no uri) as an empty object. */
  private static ApiResponse withoutV2Details(ApiResponse response) {
    if (response.status() != 200) {
      return response;
    }
    ObjectNode body = Json.MAPPER.valueToTree(response.body());
    if (body.get("details") instanceof ObjectNode details
        && details.has("sequence")
        && !body.has("uri")) {
      return response.withBody(Json.MAPPER.createObjectNode());
    }
    return response;
  }

  /** A request whose organization.org_id is set to "" scoped to an organization of that name. */
  private static Message emptyOrgIdAsGiven(Message request) {
    var organizationField = request.getDescriptorForType().findFieldByName("organization");
    if (organizationField == null || !request.hasField(organizationField)) {
      return request;
    }
    Message organization = (Message) request.getField(organizationField);
    var orgId = organization.getDescriptorForType().findFieldByName("org_id");
    if (orgId == null
        || !organization.hasField(orgId)
        || !"".equals(organization.getField(orgId))) {
      return request;
    }
    // An id no organization has: what "" names when it counts as given.
    Message given = organization.toBuilder().setField(orgId, "kit-empty-org-id").build();
    return request.toBuilder().setField(organizationField, given).build();
  }

  /** A gRPC-Web trailer frame of status 16 with a {@code www-authenticate} line added. */
  private static byte[] withChallenge(byte[] frame) {
    String lines =
        new String(frame, 5, frame.length - 5, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!lines.contains("grpc-status:16\r\n") && !lines.contains("grpc-status: 16\r\n")) {
      return frame;
    }
    byte[] more =
        (lines + "www-authenticate: Bearer\r\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    java.nio.ByteBuffer changed = java.nio.ByteBuffer.allocate(5 + more.length);
    changed.put(frame[0]).putInt(more.length).put(more);
    return changed.array();
  }

  /** v3alpha StartTOTPRegistrationResponse with its totp_id (2) sent as field 12. */
  private static RpcReply totpIdRenumbered(RpcReply reply) {
    if (reply.response() == null) {
      return reply;
    }
    var totpId = reply.response().getDescriptorForType().findFieldByName("totp_id");
    if (totpId == null || totpId.getNumber() != 2) {
      return reply;
    }
    String value = (String) reply.response().getField(totpId);
    return RpcReply.ok(
        reply.response().toBuilder()
            .clearField(totpId)
            .setUnknownFields(
                com.google.protobuf.UnknownFieldSet.newBuilder()
                    .addField(
                        12,
                        com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8(value))
                            .build())
                    .build())
            .build());
  }

  /** RegisterTOTPResponse with the values of uri (2) and secret (3) exchanged. */
  private static RpcReply uriAndSecretSwapped(RpcReply reply) {
    if (reply.response() == null) {
      return reply;
    }
    var descriptor = reply.response().getDescriptorForType();
    var uri = descriptor.findFieldByName("uri");
    var secret = descriptor.findFieldByName("secret");
    if (uri == null || secret == null) {
      return reply;
    }
    return RpcReply.ok(
        reply.response().toBuilder()
            .setField(uri, reply.response().getField(secret))
            .setField(secret, reply.response().getField(uri))
            .build());
  }

  private static RpcReply withCreationDate(RpcReply reply) {
    if (reply.response() == null) {
      return reply;
    }
    var detailsField = reply.response().getDescriptorForType().findFieldByName("details");
    if (detailsField == null) {
      return reply;
    }
    Message details = (Message) reply.response().getField(detailsField);
    var changeDate = details.getDescriptorForType().findFieldByName("change_date");
    var creationDate = details.getDescriptorForType().findFieldByName("creation_date");
    if (changeDate == null || creationDate == null) {
      return reply;
    }
    Message changed =
        details.toBuilder().setField(creationDate, details.getField(changeDate)).build();
    return RpcReply.ok(reply.response().toBuilder().setField(detailsField, changed).build());
  }

  private static UnaryOperator<ApiResponse> then(
      UnaryOperator<ApiResponse> first, Function<ApiResponse, ApiResponse> second) {
    return r -> second.apply(first.apply(r));
  }

  /** Applies {@code change} to a successful start response. */
  private static ApiResponse onStart(
      ApiResponse response, UnaryOperator<V3alphaStartTOTPRegistrationResponse> change) {
    if (response.status() == 200
        && response.body() instanceof V3alphaStartTOTPRegistrationResponse started) {
      return response.withBody(change.apply(started));
    }
    return response;
  }

  /** Gives a new registration another secret: in the store, the response and its Key URI. */
  private ApiResponse reissue(ApiResponse response, UnaryOperator<byte[]> secretOf) {
    return onStart(
        response,
        started -> {
          byte[] secret = secretOf.apply(Base32.decode(started.getSecret()));
          store.transition(
              started.getTotpId(),
              r ->
                  new TotpStore.Transition<>(
                      r == null ? null : TwistedStore.withSecret(r, secret), null));
          return withSecretText(started, Base32.encode(secret));
        });
  }

  private static V3alphaStartTOTPRegistrationResponse withSecretText(
      V3alphaStartTOTPRegistrationResponse started, String secret) {
    return started.secret(secret).uri(uriParameter(started.getUri(), "secret", secret));
  }

  private static String uriParameter(String uri, String key, String value) {
    return uri.replaceFirst("([?&]" + key + "=)[^&]*", "$1" + value);
  }

  private static String uriFromDefaults(String uri) {
    String label = uri.replaceFirst("^(otpauth://totp/)[^:]*:", "$1ZITADEL:");
    String uriWithDefaults = uriParameter(label, "algorithm", "SHA1");
    uriWithDefaults = uriParameter(uriWithDefaults, "digits", "6");
    uriWithDefaults = uriParameter(uriWithDefaults, "issuer", "ZITADEL");
    return uriParameter(uriWithDefaults, "period", "30");
  }

  private static ApiResponse retryAfterInMilliseconds(ApiResponse response) {
    String seconds = response.headers().get("Retry-After");
    return seconds == null
        ? response
        : response.withHeader("Retry-After", Long.toString(Long.parseLong(seconds) * 1000));
  }

  /** The ErrorDetail id of an error response, or "" when it has none. */
  private static String errorId(ApiResponse response) {
    if (response.body() instanceof RpcStatus status
        && status.getDetails() != null
        && !status.getDetails().isEmpty()) {
      ProtobufAny detail = status.getDetails().get(0);
      return detail.getId() == null ? "" : detail.getId();
    }
    return "";
  }

  private static ApiResponse ownerAsString(ApiResponse response) {
    if (response.status() != 200) {
      return response;
    }
    ObjectNode body = Json.MAPPER.valueToTree(response.body());
    if (body.get("details") instanceof ObjectNode details && details.has("owner")) {
      details.put("owner", details.get("owner").path("id").asText());
    }
    return response.withBody(body);
  }

  private static CodeCheck withSkew(int skew) {
    return (key, p, at, submitted) ->
        TimeBasedCode.matches(
            key,
            new TotpParameters(p.algorithm(), p.digits(), p.periodSeconds(), skew),
            at,
            submitted);
  }

  private static CodeCheck withParameters(UnaryOperator<TotpParameters> change) {
    return (key, p, at, submitted) -> TimeBasedCode.matches(key, change.apply(p), at, submitted);
  }

  /** How a broken verifier computes the code it expects for a step. */
  @FunctionalInterface
  private interface ExpectedCode {
    String of(byte[] key, TotpParameters parameters, Instant at, int offset);
  }

  /** A verifier that compares the submitted text with what it expects for each step. */
  private static CodeCheck comparingWith(ExpectedCode expected) {
    return (key, p, at, submitted) -> {
      for (int offset = -p.skew(); offset <= p.skew(); offset++) {
        if (expected.of(key, p, at, offset).equals(submitted)) {
          return true;
        }
      }
      return false;
    };
  }

  private static boolean numericallyEqual(
      byte[] key, TotpParameters parameters, Instant at, String submitted) {
    long value;
    try {
      value = Long.parseLong(submitted.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    for (int offset = -parameters.skew(); offset <= parameters.skew(); offset++) {
      if (Long.parseLong(TimeBasedCode.codeAt(key, parameters, at, offset)) == value) {
        return true;
      }
    }
    return false;
  }

  /** Never records that a registration was verified. */
  private static final class ForgetfulStore extends ForwardingStore {
    ForgetfulStore(TotpStore engine) {
      super(engine);
    }

    @Override
    public <R> R transition(String totpId, Function<Registration, Transition<R>> step) {
      return super.transition(
          totpId,
          current -> {
            Transition<R> t = step.apply(current);
            Registration next = t.next();
            if (next != null && next.state() == Registration.State.VERIFIED) {
              next =
                  new Registration(
                      next.totpId(),
                      next.userId(),
                      next.secret(),
                      next.parameters(),
                      Registration.State.PENDING,
                      next.startedAt(),
                      0,
                      null);
            }
            return new Transition<>(next, t.result());
          });
    }
  }

  /** Start stores the registration with parameters other than the policy's. */
  private static final class ParametersAtStartStore extends ForwardingStore {
    private final UnaryOperator<TotpParameters> change;

    ParametersAtStartStore(TotpStore engine, UnaryOperator<TotpParameters> change) {
      super(engine);
      this.change = change;
    }

    @Override
    public Admission addRegistration(Registration registration, int maxPerUser, int maxTotal) {
      return super.addRegistration(
          new Registration(
              registration.totpId(),
              registration.userId(),
              registration.secret(),
              change.apply(registration.parameters()),
              registration.state(),
              registration.startedAt(),
              registration.failedAttempts(),
              registration.lockedUntil()),
          maxPerUser,
          maxTotal);
    }
  }

  /** Refuses a new registration of a user who holds one in {@code state} already. */
  private static final class OneStateOnlyStore extends ForwardingStore {
    private final Registration.State state;

    OneStateOnlyStore(TotpStore engine, Registration.State state) {
      super(engine);
      this.state = state;
    }

    @Override
    public Admission addRegistration(Registration registration, int maxPerUser, int maxTotal) {
      boolean another =
          contents().registrations().stream()
              .anyMatch(r -> r.userId().equals(registration.userId()) && r.state() == state);
      return another
          ? Admission.TOO_MANY_FOR_USER
          : super.addRegistration(registration, maxPerUser, maxTotal);
    }
  }

  /** Each registration decides as if it held the failures of all its user's registrations. */
  private static final class PerUserFailuresStore extends ForwardingStore {
    PerUserFailuresStore(TotpStore engine) {
      super(engine);
    }

    @Override
    public <R> R transition(String totpId, Function<Registration, Transition<R>> step) {
      int others =
          registration(totpId)
              .map(
                  mine ->
                      contents().registrations().stream()
                          .filter(r -> r.userId().equals(mine.userId()))
                          .filter(r -> !r.totpId().equals(totpId))
                          .mapToInt(Registration::failedAttempts)
                          .sum())
              .orElse(0);
      return super.transition(
          totpId,
          current -> {
            if (current == null || others == 0) {
              return step.apply(current);
            }
            Transition<R> decided =
                step.apply(withFailures(current, current.failedAttempts() + others));
            Registration next = decided.next();
            if (next == null || next.failedAttempts() == 0) {
              return decided;
            }
            return new Transition<>(
                withFailures(next, Math.max(0, next.failedAttempts() - others)), decided.result());
          });
    }

    private static Registration withFailures(Registration r, int failedAttempts) {
      return r.failed(failedAttempts, r.lockedUntil());
    }
  }

  /** Reads, decides, waits a moment, then writes: concurrent verifies all see "pending". */
  private static final class RacyStore extends ForwardingStore {
    // How many reads all transitions have made: a writer waits for one more before it writes.
    private final AtomicLong reads = new AtomicLong();

    RacyStore(TotpStore engine) {
      super(engine);
    }

    @Override
    public <R> R transition(String totpId, Function<Registration, Transition<R>> step) {
      return countedTransition(totpId, step).result();
    }

    // Both dialects' transitions (v2's are counted) take the same racy path.
    @Override
    public <R> Counted<R> countedTransition(
        String totpId, Function<Registration, Transition<R>> step) {
      Registration current = registration(totpId).orElse(null);
      long mine = reads.incrementAndGet();
      Transition<R> decided = step.apply(current);
      // Waiting for the next reader (not a fixed pause) makes the race certain on a busy machine;
      // at most about 2 s, so that a lone request does not hang.
      for (int waited = 0; waited < 2000 && reads.get() == mine; waited++) {
        LockSupport.parkNanos(1_000_000L);
      }
      Counted<R> written =
          super.countedTransition(totpId, ignored -> new Transition<>(decided.next(), null));
      return new Counted<>(decided.result(), written.sequence());
    }
  }
}

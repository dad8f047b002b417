package org.totpkit.mock.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.totpkit.contract.api.model.RpcStatus;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.Authentication;
import org.totpkit.mock.http.ErrorTable;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.CodeCheck;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.RegistrationStore;
import org.totpkit.mock.totp.TimeBasedCode;
import org.totpkit.mock.totp.TotpParameters;

/** The server's replaceable parts, with the given faults built in. */
public final class BrokenParts {
  private final Set<Fault> faults;

  public BrokenParts(Set<Fault> faults) {
    this.faults = Set.copyOf(faults);
  }

  public CodeCheck codeCheck() {
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
    return CodeCheck.RFC_6238;
  }

  public RegistrationStore store() {
    if (faults.contains(Fault.CHECK_THEN_SET_RACE)) {
      return new RacyStore();
    }
    if (faults.contains(Fault.SECOND_VERIFY_SUCCEEDS)) {
      return new ForgetfulStore();
    }
    return new RegistrationStore();
  }

  public Authentication authentication(Authentication correct) {
    if (faults.contains(Fault.AUTH_IGNORED)) {
      return (authorization, pathUserId) ->
          new Authentication.Authenticated(new Caller(pathUserId, null, Set.of()));
    }
    return correct;
  }

  public UnaryOperator<ApiResponse> finish() {
    UnaryOperator<ApiResponse> finish = UnaryOperator.identity();
    if (faults.contains(Fault.FORBIDDEN_AS_NOT_FOUND)) {
      finish = then(finish, r -> r.status() == 403 ? ErrorTable.outOfScope() : r);
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
    return finish;
  }

  private static UnaryOperator<ApiResponse> then(
      UnaryOperator<ApiResponse> first, Function<ApiResponse, ApiResponse> second) {
    return r -> second.apply(first.apply(r));
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
  private static final class ForgetfulStore extends RegistrationStore {
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

  /** Reads, decides, waits a moment, then writes: concurrent verifies all see "pending". */
  private static final class RacyStore extends RegistrationStore {
    @Override
    public <R> R transition(String totpId, Function<Registration, Transition<R>> step) {
      Registration current = find(totpId).orElse(null);
      Transition<R> decided = step.apply(current);
      LockSupport.parkNanos(20_000_000L);
      super.transition(totpId, ignored -> new Transition<>(decided.next(), null));
      return decided.result();
    }
  }
}

package org.totpkit.mock.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.totpkit.contract.hooks.model.ClockAdvance;
import org.totpkit.contract.hooks.model.ClockSetting;
import org.totpkit.contract.hooks.model.ClockState;
import org.totpkit.contract.hooks.model.CreateTokenRequest;
import org.totpkit.contract.hooks.model.CreateUserRequest;
import org.totpkit.contract.hooks.model.CreatedToken;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.CurrentCode;
import org.totpkit.contract.hooks.model.ImportRegistrationRequest;
import org.totpkit.contract.hooks.model.ImportedRegistration;
import org.totpkit.contract.hooks.model.OtpPolicy;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.contract.hooks.model.Permission;
import org.totpkit.mock.http.Json;

/** A small typed client of the contract/hooks.md API, for tests that embed the reference server. */
public final class HooksClient {
  /** A hook answered something other than 200. */
  public static final class HookFailure extends RuntimeException {
    private final int status;

    HookFailure(String what, int status, String body) {
      super(what + " answered " + status + ": " + body, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final String hooksUrl;
  private final String adminToken;

  public HooksClient(String hooksUrl, String adminToken) {
    this.hooksUrl = hooksUrl;
    this.adminToken = adminToken;
  }

  public CreatedUser createUser() {
    return createUser(new CreateUserRequest());
  }

  public CreatedUser createUser(CreateUserRequest request) {
    return call("POST", "/users", request, CreatedUser.class);
  }

  public String createToken(String orgId, Permission... permissions) {
    CreateTokenRequest request =
        new CreateTokenRequest().orgId(orgId).permissions(Arrays.asList(permissions));
    return call("POST", "/tokens", request, CreatedToken.class).getToken();
  }

  public String importRegistration(String userId, ImportRegistrationRequest request) {
    return call("POST", "/users/" + userId + "/totp", request, ImportedRegistration.class)
        .getTotpId();
  }

  /**
   * The code an authenticator app would show now for a registration, computed by the server on its
   * own clock (frozen, shifted or real), with its step and how long it stays current.
   */
  public CurrentCode currentCode(String userId, String totpId) {
    return call("GET", "/users/" + userId + "/totp/" + totpId + "/code", null, CurrentCode.class);
  }

  public ClockState clock() {
    return call("GET", "/clock", null, ClockState.class);
  }

  public ClockState freezeClock(Instant at) {
    return call(
        "PUT", "/clock", new ClockSetting().epochMillis(at.toEpochMilli()), ClockState.class);
  }

  public ClockState shiftClock(Duration offset) {
    return call(
        "PUT", "/clock", new ClockSetting().offsetMillis(offset.toMillis()), ClockState.class);
  }

  public ClockState advanceClock(Duration amount) {
    return call(
        "POST", "/clock/advance", new ClockAdvance().millis(amount.toMillis()), ClockState.class);
  }

  public ClockState realClock() {
    return call("DELETE", "/clock", null, ClockState.class);
  }

  public OtpPolicy policy() {
    return call("GET", "/policy", null, OtpPolicy.class);
  }

  public OtpPolicy changePolicy(OtpPolicyChange change) {
    return call("PUT", "/policy", change, OtpPolicy.class);
  }

  public void reset() {
    call("POST", "/reset", null, Map.class);
  }

  private <T> T call(String method, String path, Object body, Class<T> answer) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(hooksUrl + path))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
      if (adminToken != null) {
        request.header("Authorization", "Bearer " + adminToken);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new HookFailure(method + " " + path, response.statusCode(), response.body());
      }
      return Json.MAPPER.readValue(response.body(), answer);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling a hook", e);
    }
  }
}

package org.totpkit.kit.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fixture, clock and policy hooks of contract/hooks.md, spoken over HTTP. */
public final class HooksApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A user made by the hooks, with a token acting as that user. */
  public record CreatedUser(
      String userId, String orgId, String loginName, String token, Optional<String> created) {
    @Override
    public String toString() {
      return "CreatedUser[" + userId + " in " + orgId + ", token=redacted]";
    }
  }

  private final Wire wire;
  private final Caller admin;

  public HooksApi(String hooksUrl, Optional<String> hooksToken) {
    this.wire = new Wire(hooksUrl, ContractValidation.HOOKS_DOCUMENT);
    this.admin = hooksToken.map(Caller::bearer).orElse(Caller.anonymous());
  }

  /** A new user in {@code orgId}, or in a new organization when empty. */
  public CreatedUser createUser(Optional<String> orgId) {
    ObjectNode body = JSON.createObjectNode();
    orgId.ifPresent(id -> body.put("orgId", id));
    JsonNode json = ok(send("createUser", "POST", "/users", Map.of(), body.toString()));
    return new CreatedUser(
        json.path("userId").asText(),
        json.path("orgId").asText(),
        json.path("loginName").asText(),
        json.path("token").asText(),
        Optional.ofNullable(json.get("created")).map(JsonNode::asText));
  }

  /** A caller holding exactly {@code permissions} in {@code orgId}. */
  public String createToken(String orgId, List<String> permissions) {
    ObjectNode body = JSON.createObjectNode().put("orgId", orgId);
    com.fasterxml.jackson.databind.node.ArrayNode granted = body.putArray("permissions");
    permissions.forEach(granted::add);
    return ok(send("createToken", "POST", "/tokens", Map.of(), body.toString()))
        .path("token")
        .asText();
  }

  /** A pending registration with a known secret; returns its totpId. */
  public String importRegistration(
      String userId, String base32Secret, String algorithm, int digits, int period) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("secret", base32Secret)
            .put("algorithm", algorithm)
            .put("digits", digits)
            .put("period", period);
    return ok(send(
            "importRegistration",
            "POST",
            "/users/{userId}/totp",
            Map.of("userId", userId),
            body.toString()))
        .path("totpId")
        .asText();
  }

  public ApiResponse readClock() {
    return send("readClock", "GET", "/clock", Map.of(), null);
  }

  public Instant freezeClock(Instant at) {
    return clockOf(
        ok(
            send(
                "setClock",
                "PUT",
                "/clock",
                Map.of(),
                "{\"epochMillis\":" + at.toEpochMilli() + "}")));
  }

  public Instant advanceClock(long millis) {
    return clockOf(
        ok(
            send(
                "advanceClock",
                "POST",
                "/clock/advance",
                Map.of(),
                "{\"millis\":" + millis + "}")));
  }

  public void realClock() {
    ok(send("realClock", "DELETE", "/clock", Map.of(), null));
  }

  public JsonNode readPolicy() {
    return ok(send("readPolicy", "GET", "/policy", Map.of(), null));
  }

  public JsonNode changePolicy(JsonNode change) {
    return ok(send("changePolicy", "PUT", "/policy", Map.of(), change.toString()));
  }

  private static Instant clockOf(JsonNode clock) {
    return Instant.ofEpochMilli(clock.path("epochMillis").asLong());
  }

  private ApiResponse send(
      String operation, String method, String path, Map<String, String> pathParams, String body) {
    return wire.send("hook " + operation, admin, method, path, pathParams, Map.of(), body);
  }

  private static JsonNode ok(ApiResponse response) {
    if (!response.ok()) {
      throw new HookFailure(response.operation() + " answered " + response.outcome());
    }
    return response.fields();
  }

  /** A hook that did not do what contract/hooks.md says: the scenario cannot be set up. */
  public static final class HookFailure extends IllegalStateException {
    public HookFailure(String message) {
      super(message);
    }
  }
}

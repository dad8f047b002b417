package org.totpkit.mock.http.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;
import org.totpkit.contract.v2.model.V2Details;
import org.totpkit.contract.v2.model.V2RegisterTOTPResponse;
import org.totpkit.contract.v2.model.V2RemoveTOTPResponse;
import org.totpkit.contract.v2.model.V2VerifyTOTPRegistrationResponse;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.v2.V2Answer;
import org.totpkit.mock.contract.v2.V2Call;
import org.totpkit.mock.contract.v2.V2Checks;
import org.totpkit.mock.contract.v2.V2Contract;
import org.totpkit.mock.contract.v2.V2Operation;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.http.PathSegments;
import org.totpkit.mock.http.Rendering;

/**
 * The v2 dialect over REST, as grpc-gateway serves it: the HTTP rules of the three RPCs ({@code
 * body: "*"}), the body as protojson of the whole request message, and the answer as the generated
 * JSON models. Rows 1 to 3 (route, method, body) are REST's own; the rest is the {@link
 * V2Contract}.
 */
public final class V2RestApi {
  private static final String PREFIX = "/v2/users/";

  private final V2Checks contract;

  public V2RestApi(V2Checks contract) {
    this.contract = contract;
  }

  /** Whether a path is in the v2 user service's part of the URL space. */
  public static boolean claims(String path) {
    return path.startsWith(PREFIX);
  }

  public ApiResponse handle(Request request, String path) {
    // The segments after the prefix, found by their slashes (user, "totp", maybe "verify"), read in
    // place rather than split into an array of copies.
    int first = path.indexOf('/', PREFIX.length());
    if (first < 0) {
      return Rendering.error(ErrorTable.noRoute());
    }
    int second = path.indexOf('/', first + 1);
    if (second >= 0 && path.indexOf('/', second + 1) >= 0) {
      return Rendering.error(ErrorTable.noRoute());
    }
    int totpEnd = second < 0 ? path.length() : second;
    if (!PathSegments.is(path, first + 1, totpEnd, "totp")) {
      return Rendering.error(ErrorTable.noRoute());
    }
    V2Operation operation;
    if (second < 0) {
      if (request.getMethod().equals(RequestMethod.POST)) {
        operation = V2Operation.REGISTER;
      } else if (request.getMethod().equals(RequestMethod.DELETE)) {
        operation = V2Operation.REMOVE;
      } else {
        return Rendering.wrongMethod("POST, DELETE");
      }
    } else if (PathSegments.is(path, second + 1, path.length(), "verify")) {
      if (!request.getMethod().equals(RequestMethod.POST)) {
        return Rendering.wrongMethod("POST");
      }
      operation = V2Operation.VERIFY;
    } else {
      return Rendering.error(ErrorTable.noRoute());
    }
    String userId = PathSegments.decode(path.substring(PREFIX.length(), first));
    if (userId == null) {
      return Rendering.error(ErrorTable.noRoute());
    }
    String code = null;
    if (operation != V2Operation.REMOVE) {
      // body: "*": the whole message; the path's user id wins over one in the body.
      Body body = Body.decode(request.getBody(), operation == V2Operation.VERIFY);
      if (body.undecodable() != null) {
        return Rendering.error(ErrorTable.undecodable(body.undecodable()));
      }
      code = operation == V2Operation.VERIFY ? body.code() : null;
    }
    return toResponse(
        contract.answer(new V2Call(operation, request.getHeader("Authorization"), userId, code)));
  }

  /** A request body as protojson decodes it into the request message, or why it does not. */
  record Body(String code, String undecodable) {
    private static final byte[] CODE_OPEN = "{\"code\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param hasCode whether the message has a {@code code} field (verify); elsewhere it is unknown
     */
    static Body decode(byte[] bytes, boolean hasCode) {
      String plain = hasCode ? plainCode(bytes) : null;
      return plain != null ? new Body(plain, null) : parse(bytes, hasCode);
    }

    /**
     * The code of a verify body that is exactly {@code {"code":"…"}} with a value of printable
     * ASCII without escapes (what clients send: {@code JSON.stringify}, protojson, Jackson), read
     * without a decoder or a parser; null for any other body, which goes through both ({@link
     * #parse}). Such a body is an object whose one field is that string, exactly what the parser
     * reads: JSON gives no other meaning to these characters, and anything else around them is not
     * such a body.
     */
    static String plainCode(byte[] bytes) {
      int last = bytes == null ? -1 : bytes.length - 1;
      if (last < CODE_OPEN.length + 1 || bytes[last] != '}' || bytes[last - 1] != '"') {
        return null;
      }
      for (int i = 0; i < CODE_OPEN.length; i++) {
        if (bytes[i] != CODE_OPEN[i]) {
          return null;
        }
      }
      int end = last - 1;
      for (int i = CODE_OPEN.length; i < end; i++) {
        byte b = bytes[i];
        if (b < 0x20 || b > 0x7E || b == '"' || b == '\\') {
          return null;
        }
      }
      return new String(bytes, CODE_OPEN.length, end - CODE_OPEN.length, StandardCharsets.US_ASCII);
    }

    /** The full reading: strict UTF-8, then the JSON parser, field by field. */
    static Body parse(byte[] bytes, boolean hasCode) {
      String text = Json.strictUtf8(bytes).orElse(null);
      if (text == null) {
        return new Body(null, "request body is not valid UTF-8");
      }
      // An empty body is an empty message, as grpc-gateway reads it.
      if (text.isBlank()) {
        return new Body("", null);
      }
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        return new Body(null, "request body is not valid JSON: expected a JSON object");
      }
      if (node == null || !node.isObject()) {
        return new Body(null, "request body must be a JSON object (the request message)");
      }
      String code = "";
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        JsonNode value = field.getValue();
        boolean isCode = hasCode && name.equals("code");
        boolean isUserId = name.equals("userId") || name.equals("user_id");
        // Unknown fields are ignored (DiscardUnknown); known ones must be strings (or null).
        if ((isCode || isUserId) && !value.isNull() && !value.isTextual()) {
          return new Body(null, "invalid value for string field " + name);
        }
        if (isCode && value.isTextual()) {
          code = value.textValue();
        }
      }
      return new Body(code, null);
    }
  }

  static ApiResponse toResponse(V2Answer answer) {
    if (answer instanceof V2Answer.Refused refused) {
      return Rendering.error(refused.error());
    }
    V2Answer.Done done = (V2Answer.Done) answer;
    V2Details details =
        new V2Details()
            // uint64 is a JSON string in protojson.
            .sequence(Long.toUnsignedString(done.details().sequence()))
            .changeDate(done.details().changeDate().atOffset(ZoneOffset.UTC))
            .resourceOwner(done.details().resourceOwner());
    return ApiResponse.ok(
        switch (done.operation()) {
          case REGISTER ->
              new V2RegisterTOTPResponse()
                  .details(details)
                  .uri(done.totp().uri())
                  .secret(done.totp().secretBase32());
          case VERIFY -> new V2VerifyTOTPRegistrationResponse().details(details);
          case REMOVE -> new V2RemoveTOTPResponse().details(details);
        });
  }
}

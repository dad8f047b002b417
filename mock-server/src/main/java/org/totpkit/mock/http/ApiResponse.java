package org.totpkit.mock.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** A response before it is rendered: status, extra headers, and a generated model as the body. */
public record ApiResponse(int status, Map<String, String> headers, Object body) {
  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, Map.of(), body);
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiResponse(status, more, body);
  }

  public ApiResponse withStatus(int newStatus) {
    return new ApiResponse(newStatus, headers, body);
  }

  public ApiResponse withBody(Object newBody) {
    return new ApiResponse(status, headers, newBody);
  }
}

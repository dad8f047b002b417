package org.totpkit.mock.browser;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.Json;

/** Writes a refusal in the contract's shape from a servlet filter, before any handler runs. */
final class Refusal {
  private Refusal() {}

  static void write(ApiResponse answer, HttpServletResponse response) throws IOException {
    response.setStatus(answer.status());
    response.setContentType("application/json");
    answer.headers().forEach(response::setHeader);
    response.getOutputStream().write(Json.write(answer.body()).getBytes(StandardCharsets.UTF_8));
  }
}

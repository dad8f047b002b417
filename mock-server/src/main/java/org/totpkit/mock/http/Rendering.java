package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

/** Writes an {@link ApiResponse} as WireMock's response, with its body as JSON. */
public final class Rendering {
  private Rendering() {}

  public static ResponseDefinition toDefinition(ApiResponse response) {
    ResponseDefinitionBuilder builder =
        new ResponseDefinitionBuilder()
            .withStatus(response.status())
            .withHeader("Content-Type", "application/json")
            .withBody(Json.write(response.body()));
    response.headers().forEach(builder::withHeader);
    return builder.build();
  }
}

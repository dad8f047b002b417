package org.totpkit.mock.faults;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Fault#REST_JSON_AS_TEXT_PLAIN}: every answer of the v3alpha REST API is labelled {@code
 * text/plain}, its status, other headers and body unchanged.
 */
final class PlainTextLabel implements ResponseTransformerV2 {
  @Override
  public String getName() {
    return "totp-fault-plain-text-label";
  }

  @Override
  public Response transform(Response response, ServeEvent serveEvent) {
    if (!serveEvent.getRequest().getUrl().startsWith("/resources/")) {
      return response;
    }
    List<HttpHeader> headers = new ArrayList<>();
    for (HttpHeader header : response.getHeaders().all()) {
      if (!header.keyEquals("Content-Type")) {
        headers.add(header);
      }
    }
    headers.add(new HttpHeader("Content-Type", "text/plain; charset=utf-8"));
    return Response.Builder.like(response).but().headers(new HttpHeaders(headers)).build();
  }
}

package org.totpkit.mock.console;

import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web console at {@code /__admin/console}: one page, one script and one style sheet, served
 * from the jar. It is a client of the documented admin routes and nothing more: it holds no state,
 * and whatever it shows a script could read from the same routes. The files hold no data, so they
 * are open (the admin guard lets them pass); the page asks for the admin token when a route it
 * calls answers 401, and keeps it in the page's memory only.
 */
public final class WebConsole implements AdminApiExtension {
  /**
   * Only files of this origin, no inline script or style, images from here or {@code data:} (the QR
   * code), and no page may frame the console (clickjacking of its buttons).
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final ResponseDefinition page = file("console.html", "text/html; charset=utf-8");
  private final ResponseDefinition script = file("console.js", "text/javascript; charset=utf-8");
  private final ResponseDefinition style = file("console.css", "text/css; charset=utf-8");

  @Override
  public String getName() {
    return "totp-web-console";
  }

  @Override
  public void contributeAdminApiRoutes(Router router) {
    router.add(RequestMethod.GET, "/console", (admin, event, params) -> page);
    router.add(RequestMethod.GET, "/console/console.js", (admin, event, params) -> script);
    router.add(RequestMethod.GET, "/console/console.css", (admin, event, params) -> style);
  }

  private static ResponseDefinition file(String name, String contentType) {
    byte[] body;
    try (InputStream in = WebConsole.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks the console's " + name);
      }
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ResponseDefinitionBuilder()
        .withStatus(200)
        .withHeader("Content-Type", contentType)
        .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("X-Frame-Options", "DENY")
        .withHeader("Referrer-Policy", "no-referrer")
        .withHeader("Cache-Control", "no-store")
        .withBody(body)
        .build();
  }
}

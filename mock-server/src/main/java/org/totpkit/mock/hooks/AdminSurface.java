package org.totpkit.mock.hooks;

import com.github.tomakehurst.wiremock.admin.AdminTask;
import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.extension.requestfilter.AdminRequestFilterV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.http.Rendering;

/**
 * The admin namespace serves the hooks and the health check, nothing else. WireMock's own admin API
 * (stubs, files, recordings, settings, shutdown, the disabled journal) is of no use here and can
 * write files, slow or stop the server, or fail with a 500; those paths answer 404, and a served
 * path with another method 405, in the contract's error shape, before the admin token is checked
 * (routing first, SERVER.md); then {@link AdminGuard} answers 401 for a served route without it.
 */
public final class AdminSurface implements AdminRequestFilterV2 {
  private static final String ADMIN_ROOT = "/__admin";

  private record Served(RequestMethod method, String template) {}

  private final List<Served> served = new ArrayList<>();
  private final AdminGuard guard;

  /**
   * Serves exactly the routes {@code hooks} contributes, and {@code GET /health}, each behind
   * {@code guard}.
   */
  public AdminSurface(TotpHooks hooks, AdminGuard guard) {
    this.guard = guard;
    hooks.contributeAdminApiRoutes(
        new Router() {
          @Override
          public void add(RequestMethod method, String template, Class<? extends AdminTask> task) {
            served.add(new Served(method, template));
          }

          @Override
          public void add(RequestMethod method, String template, AdminTask task) {
            served.add(new Served(method, template));
          }
        });
    served.add(new Served(RequestMethod.GET, "/health"));
  }

  @Override
  public String getName() {
    return "totp-admin-surface";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String path = belowAdminRoot(request.getUrl());
    Set<String> allowed = new LinkedHashSet<>();
    for (Served route : served) {
      if (matches(route.template(), path)) {
        if (route.method().equals(request.getMethod())) {
          return guard
              .refusal(path, request.getHeader("Authorization"))
              .map(refusal -> RequestFilterAction.stopWith(Rendering.toDefinition(refusal)))
              .orElseGet(() -> RequestFilterAction.continueWith(request));
        }
        allowed.add(route.method().getName());
      }
    }
    return RequestFilterAction.stopWith(
        Rendering.toDefinition(
            allowed.isEmpty()
                ? Rendering.error(ErrorTable.noRoute())
                : Rendering.wrongMethod(String.join(", ", allowed))));
  }

  private static String belowAdminRoot(String url) {
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    return path.startsWith(ADMIN_ROOT) ? path.substring(ADMIN_ROOT.length()) : path;
  }

  // As WireMock's path templates: same number of segments, "{name}" stands for one non-empty one.
  private static boolean matches(String template, String path) {
    String[] expected = template.split("/", -1);
    String[] actual = path.split("/", -1);
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      boolean variable = expected[i].startsWith("{") && expected[i].endsWith("}");
      if (variable ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }
}

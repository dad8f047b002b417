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
 * The admin namespace serves the hooks, the health check and WireMock's own stub, journal, scenario
 * and settings routes, nothing else. WireMock's routes that write files or stop the server
 * (shutdown, mappings/save, files, recordings) answer 404, and a served path with another method
 * 405, in the contract's error shape, before any admin token check (routing first). WireMock's
 * routes then need the admin token, if there is one, with a 401 in the contract's shape; the hooks
 * check it themselves, and health stays open.
 */
public final class AdminSurface implements AdminRequestFilterV2 {
  private static final String ADMIN_ROOT = "/__admin";

  /** WireMock's admin routes served as in WireMock (its AdminRoutes, less the closed ones). */
  private static final List<Served> WIREMOCK_ROUTES =
      List.of(
          wireMock(RequestMethod.POST, "/reset"),
          wireMock(RequestMethod.GET, "/mappings"),
          wireMock(RequestMethod.POST, "/mappings"),
          wireMock(RequestMethod.DELETE, "/mappings"),
          wireMock(RequestMethod.POST, "/mappings/edit"),
          wireMock(RequestMethod.POST, "/mappings/reset"),
          wireMock(RequestMethod.GET, "/mappings/unmatched"),
          wireMock(RequestMethod.DELETE, "/mappings/unmatched"),
          wireMock(RequestMethod.GET, "/mappings/{id}"),
          wireMock(RequestMethod.PUT, "/mappings/{id}"),
          wireMock(RequestMethod.DELETE, "/mappings/{id}"),
          wireMock(RequestMethod.POST, "/mappings/remove"),
          wireMock(RequestMethod.POST, "/mappings/find-by-metadata"),
          wireMock(RequestMethod.POST, "/mappings/remove-by-metadata"),
          wireMock(RequestMethod.POST, "/mappings/import"),
          wireMock(RequestMethod.GET, "/scenarios"),
          wireMock(RequestMethod.POST, "/scenarios/reset"),
          wireMock(RequestMethod.PUT, "/scenarios/{name}/state"),
          journal(RequestMethod.GET, "/requests"),
          journal(RequestMethod.DELETE, "/requests"),
          journal(RequestMethod.POST, "/requests/count"),
          journal(RequestMethod.POST, "/requests/find"),
          journal(RequestMethod.GET, "/requests/unmatched"),
          journal(RequestMethod.GET, "/requests/unmatched/near-misses"),
          journal(RequestMethod.GET, "/requests/{id}"),
          journal(RequestMethod.DELETE, "/requests/{id}"),
          journal(RequestMethod.POST, "/requests/remove"),
          journal(RequestMethod.POST, "/requests/remove-by-metadata"),
          journal(RequestMethod.POST, "/near-misses/request"),
          journal(RequestMethod.POST, "/near-misses/request-pattern"),
          wireMock(RequestMethod.GET, "/settings"),
          wireMock(RequestMethod.PUT, "/settings"),
          wireMock(RequestMethod.POST, "/settings"),
          wireMock(RequestMethod.PATCH, "/settings/extended"),
          wireMock(RequestMethod.GET, "/version"));

  /** WireMock's routes that write files, record to disk or stop the server: never served. */
  private static final List<String> CLOSED =
      List.of(
          "/shutdown", "/mappings/save", "/files", "/recordings", "/recorder", "/docs", "/certs");

  private enum Kind {
    HOOK_OR_HEALTH,
    WIREMOCK,
    JOURNAL
  }

  private record Served(RequestMethod method, String template, Kind kind) {}

  private static Served wireMock(RequestMethod method, String template) {
    return new Served(method, template, Kind.WIREMOCK);
  }

  private static Served journal(RequestMethod method, String template) {
    return new Served(method, template, Kind.JOURNAL);
  }

  private final List<Served> served = new ArrayList<>();
  private final AdminGuard guard;
  private final boolean journalOn;

  /**
   * Serves the routes {@code hooks} contributes, {@code GET /health} and WireMock's own routes.
   *
   * @param journalOn whether the request journal is kept (else its routes say it is off)
   */
  public AdminSurface(TotpHooks hooks, AdminGuard guard, boolean journalOn) {
    this.guard = guard;
    this.journalOn = journalOn;
    hooks.contributeAdminApiRoutes(
        new Router() {
          @Override
          public void add(RequestMethod method, String template, Class<? extends AdminTask> task) {
            served.add(new Served(method, template, Kind.HOOK_OR_HEALTH));
          }

          @Override
          public void add(RequestMethod method, String template, AdminTask task) {
            served.add(new Served(method, template, Kind.HOOK_OR_HEALTH));
          }
        });
    served.add(new Served(RequestMethod.GET, "/health", Kind.HOOK_OR_HEALTH));
    // The web console's page and files (console/WebConsole), open like health: they hold no data.
    for (String file : AdminGuard.CONSOLE_FILES) {
      served.add(new Served(RequestMethod.GET, file, Kind.HOOK_OR_HEALTH));
    }
    served.addAll(WIREMOCK_ROUTES);
  }

  @Override
  public String getName() {
    return "totp-admin-surface";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String path = belowAdminRoot(request.getUrl());
    for (String closed : CLOSED) {
      if (path.equals(closed) || path.startsWith(closed + "/")) {
        return RequestFilterAction.stopWith(
            Rendering.toDefinition(Rendering.error(ErrorTable.noRoute())));
      }
    }
    Set<String> allowed = new LinkedHashSet<>();
    for (Served route : served) {
      if (matches(route.template(), path)) {
        if (route.method().equals(request.getMethod())) {
          return admit(route, path, request);
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

  private RequestFilterAction admit(Served route, String path, Request request) {
    var refusal = guard.refusal(path, request.getHeader("Authorization"));
    if (refusal.isPresent()) {
      return RequestFilterAction.stopWith(Rendering.toDefinition(refusal.get()));
    }
    if (route.kind() == Kind.JOURNAL && !journalOn) {
      return RequestFilterAction.stopWith(
          Rendering.toDefinition(
              Rendering.error(
                  ErrorTable.badHookRequest("the request journal is off (--no-journal)"))));
    }
    return RequestFilterAction.continueWith(request);
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

package org.totpkit.mock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.common.FatalStartupException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.totpkit.mock.DemoData;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.store.StoreUnusable;

/** {@code java -jar totp-mock-server.jar}: starts the reference server and says how to use it. */
public final class Main {
  static final int USAGE_ERROR = 2;

  private Main() {}

  /** What a command line led to: a running server, or the exit status to end with. */
  record Launch(Optional<ReferenceServer> server, int exitStatus) {}

  public static void main(String[] args) {
    // The class preload and the idle-memory set-up, as the benchmark's server does too.
    StandaloneProcess.prepare();
    // Initialises WireMock's option-independent classes while the command line is parsed; the
    // server is built once it is over (see StartupWarmUp).
    StartupWarmUp.begin();
    Launch launch = launch(args, System.out, System.err);
    if (launch.server().isEmpty()) {
      System.exit(launch.exitStatus());
    }
    ReferenceServer running = launch.server().get();
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "totp-mock-shutdown"));
  }

  /** Starts the server the arguments describe, or prints help or a one-line error. */
  static Launch launch(String[] args, PrintStream out, PrintStream err) {
    ServerCommand.Request request;
    try {
      request = ServerCommand.parse(args);
    } catch (ServerCommand.UsageError e) {
      return fail(err, e.getMessage());
    }
    if (request.printOnly()) {
      out.print(request.print());
      out.flush();
      return new Launch(Optional.empty(), 0);
    }
    ServerOptions options = request.options();
    StartupWarmUp.awaitBeforeStart();
    ReferenceServer server;
    try {
      server = ReferenceServer.start(options);
    } catch (StoreUnusable e) {
      return fail(err, e.getMessage());
    } catch (FatalStartupException | IllegalStateException e) {
      return fail(err, cannotListen(options));
    }
    Exposure.warning(options).ifPresent(err::println);
    printWelcome(server, out);
    if (options.printQr()) {
      printQr(server, out);
    }
    return new Launch(Optional.of(server), 0);
  }

  private static String cannotListen(ServerOptions options) {
    return "cannot listen on "
        + options.bindAddress()
        + ":"
        + options.port()
        + " (port in use or address not local): choose another with --port (0 = any free port)"
        + " or --bind-address";
  }

  private static Launch fail(PrintStream err, String message) {
    err.println("totp-mock-server: " + message);
    return new Launch(Optional.empty(), USAGE_ERROR);
  }

  private static void printWelcome(ReferenceServer server, PrintStream out) {
    out.println("TOTP reference server listening on " + server.baseUrl());
    out.println(
        "  hooks:  " + server.hooksUrl() + "   health: " + server.baseUrl() + "/__admin/health");
    out.println("  console: " + server.baseUrl() + "/__admin/console");
    server
        .demoData()
        .ifPresent(
            demo -> {
              out.println(
                  "  demo:   user "
                      + demo.userId()
                      + " ("
                      + demo.loginName()
                      + ") in org "
                      + demo.orgId()
                      + ", bearer token '"
                      + demo.token()
                      + "' (well known, demo only)");
              out.println("Start a TOTP registration:");
              out.println("  " + startCurl(server, demo));
            });
    out.flush();
  }

  /**
   * Starts a registration of the demo user through the API, as any client would, and prints its Key
   * URI as a QR code to scan with an authenticator app. The QR code holds the secret: the user
   * asked for it with --print-qr; the secret is never printed as text.
   */
  private static void printQr(ReferenceServer server, PrintStream out) {
    DemoData demo = server.demoData().orElseThrow();
    JsonNode started;
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              server.baseUrl()
                                  + "/resources/v3alpha/users/"
                                  + demo.userId()
                                  + "/totp"))
                      .timeout(Duration.ofSeconds(10))
                      .header("Authorization", "Bearer " + demo.token())
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      started = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      out.println("(could not start a demo registration for the QR code)");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    String totpId = started.path("totpId").asText();
    out.println(
        "Scan this with an authenticator app (the QR code holds the registration's secret):");
    out.print(TerminalQr.render(started.path("uri").asText()));
    out.println("Then verify registration " + totpId + " with the code the app shows:");
    out.println(
        "  curl -s -X POST -H 'Authorization: Bearer "
            + demo.token()
            + "' "
            + server.baseUrl()
            + "/resources/v3alpha/users/"
            + demo.userId()
            + "/totp/"
            + totpId
            + "/_verify -d '\"CODE\"'");
    out.flush();
  }

  static String startCurl(ReferenceServer server, DemoData demo) {
    return "curl -s -X POST -H 'Authorization: Bearer "
        + demo.token()
        + "' "
        + server.baseUrl()
        + "/resources/v3alpha/users/"
        + demo.userId()
        + "/totp";
  }
}

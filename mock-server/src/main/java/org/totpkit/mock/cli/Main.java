package org.totpkit.mock.cli;

import com.github.tomakehurst.wiremock.common.FatalStartupException;
import java.io.PrintStream;
import java.util.Optional;
import org.totpkit.mock.DemoData;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;

/** {@code java -jar totp-mock-server.jar}: starts the reference server and says how to use it. */
public final class Main {
  static final int USAGE_ERROR = 2;

  private Main() {}

  /** What a command line led to: a running server, or the exit status to end with. */
  record Launch(Optional<ReferenceServer> server, int exitStatus) {}

  public static void main(String[] args) {
    Launch launch = launch(args, System.out, System.err);
    if (launch.server().isEmpty()) {
      System.exit(launch.exitStatus());
    }
    ReferenceServer running = launch.server().get();
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "totp-mock-shutdown"));
  }

  /** Starts the server the arguments describe, or prints help or a one-line error. */
  static Launch launch(String[] args, PrintStream out, PrintStream err) {
    CommandLine.Request request;
    try {
      request = CommandLine.parse(args);
    } catch (CommandLine.UsageError e) {
      return fail(err, e.getMessage());
    }
    if (request.help()) {
      out.print(CommandLine.USAGE);
      return new Launch(Optional.empty(), 0);
    }
    ServerOptions options = request.options();
    ReferenceServer server;
    try {
      server = ReferenceServer.start(options);
    } catch (FatalStartupException | IllegalStateException e) {
      return fail(err, cannotListen(options));
    }
    Exposure.warning(options).ifPresent(err::println);
    printWelcome(server, out);
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

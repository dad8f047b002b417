package org.totpkit.mock.cli;

import org.totpkit.mock.ServerOptions;

/** Parses the server's command line into {@link ServerOptions}. */
final class CommandLine {
  static final String USAGE =
      """
      Usage: java -jar totp-mock-server.jar [options]

      Runs the TOTP registration reference server (ZITADEL v3alpha user API) with its test hooks.

        --port N               port to listen on (default 8080; 0 = any free port)
        --bind-address ADDR    address to bind (default 127.0.0.1; 0.0.0.0 for all)
        --admin-token TOKEN    require 'Authorization: Bearer TOKEN' on /__admin/* (not health)
        --no-demo-data         start without the demo organization, user and token
        --verbose              print one line per API request (method, path, status)
        --help                 print this help and exit
      """;

  /** A command line that cannot be run; the message says what to fix. */
  static final class UsageError extends Exception {
    UsageError(String message) {
      super(message, null, false, false);
    }
  }

  /** What the command line asks for: help, or a server with these options. */
  record Request(boolean help, ServerOptions options) {}

  private CommandLine() {}

  static Request parse(String[] args) throws UsageError {
    ServerOptions options = ServerOptions.defaults();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inline = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        inline = arg.substring(equals + 1);
      }
      switch (name) {
        case "--help", "-h" -> {
          return new Request(true, options);
        }
        case "--port" -> {
          String value = inline != null ? inline : valueAfter(args, ++i, name);
          options = options.withPort(port(value));
        }
        case "--bind-address" -> {
          String value = inline != null ? inline : valueAfter(args, ++i, name);
          if (value.isBlank()) {
            throw new UsageError("--bind-address needs an address, for example 127.0.0.1");
          }
          options = options.withBindAddress(value);
        }
        case "--admin-token" -> {
          String value = inline != null ? inline : valueAfter(args, ++i, name);
          if (value.isBlank()) {
            throw new UsageError("--admin-token needs a non-empty token");
          }
          options = options.withAdminToken(value);
        }
        case "--no-demo-data" -> options = flag(options, inline, name).withDemoData(false);
        case "--verbose" -> options = flag(options, inline, name).withVerbose(true);
        default ->
            throw new UsageError("unknown option '" + name + "': see --help for the options");
      }
    }
    return new Request(false, options);
  }

  private static ServerOptions flag(ServerOptions options, String inline, String name)
      throws UsageError {
    if (inline != null) {
      throw new UsageError(name + " takes no value");
    }
    return options;
  }

  private static String valueAfter(String[] args, int index, String name) throws UsageError {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new UsageError(name + " needs a value: see --help");
    }
    return args[index];
  }

  private static int port(String value) throws UsageError {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new UsageError("--port must be a number from 0 to 65535 (0 = any free port)");
  }
}

package org.totpkit.mock.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.totp.Limits;

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
        --data-dir DIR         keep all state in DIR/totp.db (SQLite), so that it survives
                               restarts; DIR is created 0700 if missing (default: in memory)
        --max-users N          users kept at most (default 10000)
        --max-tokens N         bearer tokens kept at most (default 10000)
        --max-registrations-per-user N
                               registrations one user holds at most (default 100)
        --max-registrations N  registrations kept at most, in all (default 100000)
        --max-request-body-bytes N
                               the largest request body read (default 65536)
        --help                 print this help and exit

      Past a bound the server answers 429 with code 8 (a body: 400 with code 3).
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
        case "--data-dir" -> {
          String value = inline != null ? inline : valueAfter(args, ++i, name);
          if (value.isBlank()) {
            throw new UsageError("--data-dir needs a directory, for example ./totp-data");
          }
          try {
            options = options.withDataDir(Path.of(value));
          } catch (InvalidPathException e) {
            throw new UsageError("--data-dir: '" + value + "' is not a path");
          }
        }
        case "--max-users" -> {
          int n = bound(inline != null ? inline : valueAfter(args, ++i, name), name);
          Limits l = options.limits();
          options =
              options.withLimits(
                  new Limits(n, l.maxTokens(), l.maxRegistrationsPerUser(), l.maxRegistrations()));
        }
        case "--max-tokens" -> {
          int n = bound(inline != null ? inline : valueAfter(args, ++i, name), name);
          Limits l = options.limits();
          options =
              options.withLimits(
                  new Limits(l.maxUsers(), n, l.maxRegistrationsPerUser(), l.maxRegistrations()));
        }
        case "--max-registrations-per-user" -> {
          int n = bound(inline != null ? inline : valueAfter(args, ++i, name), name);
          Limits l = options.limits();
          options =
              options.withLimits(new Limits(l.maxUsers(), l.maxTokens(), n, l.maxRegistrations()));
        }
        case "--max-registrations" -> {
          int n = bound(inline != null ? inline : valueAfter(args, ++i, name), name);
          Limits l = options.limits();
          options =
              options.withLimits(
                  new Limits(l.maxUsers(), l.maxTokens(), l.maxRegistrationsPerUser(), n));
        }
        case "--max-request-body-bytes" ->
            options =
                options.withMaxRequestBodyBytes(
                    bound(inline != null ? inline : valueAfter(args, ++i, name), name));
        default ->
            throw new UsageError("unknown option '" + name + "': see --help for the options");
      }
    }
    return new Request(false, options.withFaults(Set.of()));
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

  private static int bound(String value, String name) throws UsageError {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new UsageError(name + " must be a whole number from 1 to " + Integer.MAX_VALUE);
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

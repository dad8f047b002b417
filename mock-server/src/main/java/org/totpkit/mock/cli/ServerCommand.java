package org.totpkit.mock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.store.jdbc.PostgresStore;
import org.totpkit.mock.totp.Limits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The server's command line, parsed by picocli into {@link ServerOptions}.
 *
 * <p>Each option is one annotated method that applies its value to the options being built, so
 * adding an option is adding one method here (and its {@code with...} in {@link ServerOptions});
 * {@code order} places it in {@code --help} (reflection does not keep the order of methods). Values
 * are taken as text and checked here, so that every error is our one line.
 */
@Command(
    name = "java -jar totp-mock-server.jar",
    mixinStandardHelpOptions = true,
    versionProvider = ServerCommand.Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description =
        "Runs the TOTP registration reference server (ZITADEL v3alpha user API) with its test"
            + " hooks.%n")
final class ServerCommand {
  /** A command line that cannot be run; the message is one line saying what to fix. */
  static final class UsageError extends Exception {
    UsageError(String message) {
      super(message, null, false, false);
    }
  }

  /** What the command line asks for: text to print and exit 0 (help, version), or a server. */
  record Request(String print, ServerOptions options) {
    boolean printOnly() {
      return print != null;
    }
  }

  @Spec private CommandSpec spec;

  private ServerOptions options = ServerOptions.defaults();

  private ServerCommand() {}

  @Option(
      order = 1,
      names = "--port",
      paramLabel = "N",
      description = "port to listen on (default 8080; 0 = any free port)")
  void port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        options = options.withPort(port);
        return;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw error("--port must be a number from 0 to 65535 (0 = any free port)");
  }

  @Option(
      order = 2,
      names = "--bind-address",
      paramLabel = "ADDR",
      description = "address to bind (default 127.0.0.1; 0.0.0.0 for all)")
  void bindAddress(String value) {
    if (value.isBlank()) {
      throw error("--bind-address needs an address, for example 127.0.0.1");
    }
    options = options.withBindAddress(value);
  }

  @Option(
      order = 3,
      names = "--admin-token",
      paramLabel = "TOKEN",
      description = "require 'Authorization: Bearer TOKEN' on /__admin/* (not health)")
  void adminToken(String value) {
    if (value.isBlank()) {
      throw error("--admin-token needs a non-empty token");
    }
    options = options.withAdminToken(value);
  }

  @Option(
      order = 4,
      names = "--no-demo-data",
      description = "start without the demo organization, user and token")
  void noDemoData(boolean given) {
    options = options.withDemoData(!given);
  }

  @Option(
      order = 5,
      names = "--verbose",
      description = "print one line per API request (method, path, status)")
  void verbose(boolean given) {
    options = options.withVerbose(given);
  }

  @Option(
      order = 6,
      names = "--max-journal-entries",
      paramLabel = "N",
      description = "keep the newest N requests in the redacted request journal (default 1000)")
  void maxJournalEntries(String value) {
    try {
      int entries = Integer.parseInt(value);
      if (entries >= 1) {
        options = options.withMaxJournalEntries(entries);
        return;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw error("--max-journal-entries must be a whole number of at least 1 (or use --no-journal)");
  }

  @Option(
      order = 7,
      names = "--no-journal",
      arity = "0",
      description = "keep no request journal (WireMock's verify and /__admin/requests are off)")
  void noJournal(boolean given) {
    options = options.withMaxJournalEntries(0);
  }

  @Option(
      order = 8,
      names = "--print-qr",
      arity = "0",
      description =
          "with demo data: print a QR code of a fresh demo registration's Key URI (it shows the"
              + " secret)")
  void printQr(boolean given) {
    options = options.withPrintQr(true);
  }

  @Option(
      order = 9,
      names = "--allowed-host",
      paramLabel = "NAME",
      description =
          "the admin API (/__admin) also answers to NAME in Host, besides localhost, IP addresses"
              + " and the bind address (repeatable); other names get 403 (DNS rebinding)")
  void allowedHost(List<String> values) {
    ServerOptions base = options.withoutAllowedHosts();
    for (String value : values) {
      try {
        base = base.withAllowedHost(value);
      } catch (IllegalArgumentException e) {
        throw error("--allowed-host needs " + e.getMessage());
      }
    }
    options = base;
  }

  @Option(
      order = 10,
      names = "--cors-origin",
      paramLabel = "ORIGIN",
      description =
          "serve CORS on the API only to web pages of ORIGIN, e.g. http://localhost:5173"
              + " (repeatable; default: every origin, as upstream)")
  void corsOrigin(List<String> values) {
    ServerOptions base = options.withoutCorsOrigins();
    for (String value : values) {
      try {
        base = base.withCorsOrigin(value);
      } catch (IllegalArgumentException e) {
        throw error("--cors-origin needs " + e.getMessage());
      }
    }
    options = base;
  }

  @Option(
      order = 20,
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "keep all state in DIR/totp.db (SQLite), so that it survives restarts; DIR is created"
              + " 0700 if missing (default: in memory)")
  void dataDir(String value) {
    if (value.isBlank()) {
      throw error("--data-dir needs a directory, for example ./totp-data");
    }
    try {
      options = options.withDataDir(Path.of(value));
    } catch (InvalidPathException e) {
      throw error("--data-dir: '" + value + "' is not a path");
    }
  }

  @Option(
      order = 21,
      names = "--max-users",
      paramLabel = "N",
      description = "users kept at most (default " + Limits.DEFAULT_MAX_USERS + ")")
  void maxUsers(String value) {
    Limits l = options.limits();
    int n = bound(value, "--max-users");
    options =
        options.withLimits(
            new Limits(n, l.maxTokens(), l.maxRegistrationsPerUser(), l.maxRegistrations()));
  }

  @Option(
      order = 22,
      names = "--max-tokens",
      paramLabel = "N",
      description = "bearer tokens kept at most (default " + Limits.DEFAULT_MAX_TOKENS + ")")
  void maxTokens(String value) {
    Limits l = options.limits();
    int n = bound(value, "--max-tokens");
    options =
        options.withLimits(
            new Limits(l.maxUsers(), n, l.maxRegistrationsPerUser(), l.maxRegistrations()));
  }

  @Option(
      order = 23,
      names = "--max-registrations-per-user",
      paramLabel = "N",
      description =
          "TOTP registrations one user holds at most (default "
              + Limits.DEFAULT_MAX_REGISTRATIONS_PER_USER
              + ")")
  void maxRegistrationsPerUser(String value) {
    Limits l = options.limits();
    int n = bound(value, "--max-registrations-per-user");
    options = options.withLimits(new Limits(l.maxUsers(), l.maxTokens(), n, l.maxRegistrations()));
  }

  @Option(
      order = 24,
      names = "--max-registrations",
      paramLabel = "N",
      description =
          "TOTP registrations kept at most, in all (default "
              + Limits.DEFAULT_MAX_REGISTRATIONS
              + "); past any bound: 429, code 8")
  void maxRegistrations(String value) {
    Limits l = options.limits();
    int n = bound(value, "--max-registrations");
    options =
        options.withLimits(new Limits(l.maxUsers(), l.maxTokens(), l.maxRegistrationsPerUser(), n));
  }

  @Option(
      order = 25,
      names = "--max-request-body-bytes",
      paramLabel = "N",
      description =
          "the largest request body read (default "
              + ServerOptions.DEFAULT_MAX_REQUEST_BODY_BYTES
              + "); a larger one: 400, code 3")
  void maxRequestBodyBytes(String value) {
    options = options.withMaxRequestBodyBytes(bound(value, "--max-request-body-bytes"));
  }

  @Option(
      order = 26,
      names = "--idle-timeout",
      paramLabel = "SECONDS",
      description =
          "end a request whose body stops arriving (408) or a connection that sends nothing, after"
              + " SECONDS without a byte (default "
              + ServerOptions.DEFAULT_IDLE_TIMEOUT_SECONDS
              + ")")
  void idleTimeout(String value) {
    options =
        options.withIdleTimeout(
            Duration.ofSeconds(bound(value, "--idle-timeout", MAX_IDLE_SECONDS)));
  }

  // A day: longer is a typo, and Jetty's timers take milliseconds in a long anyway.
  private static final int MAX_IDLE_SECONDS = 86_400;

  private int bound(String value, String name) {
    return bound(value, name, Integer.MAX_VALUE);
  }

  private int bound(String value, String name, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw error(name + " must be a whole number from 1 to " + max);
  }

  @Option(
      order = 30,
      names = "--store",
      paramLabel = "URL",
      description =
          "keep all state in a shared database, for a team-shared mock with several replicas:"
              + " jdbc:postgresql://HOST:PORT/DB (password: TOTP_STORE_PASSWORD or"
              + " --store-password-file)")
  void store(String value) {
    if (!PostgresStore.isPostgresUrl(value)) {
      throw error(
          "--store needs a PostgreSQL JDBC URL, for example jdbc:postgresql://127.0.0.1:5432/totp"
              + " (--data-dir DIR for SQLite)");
    }
    storeUrl = value;
  }

  @Option(
      order = 31,
      names = "--store-user",
      paramLabel = "NAME",
      description = "the database user of --store (default: the JDBC driver's default)")
  void storeUser(String value) {
    if (value.isBlank()) {
      throw error("--store-user needs a user name");
    }
    storeUser = value;
  }

  @Option(
      order = 32,
      names = "--store-password-file",
      paramLabel = "FILE",
      description =
          "read the database password of --store from FILE (first line); or set"
              + " TOTP_STORE_PASSWORD")
  void storePasswordFile(String value) {
    try {
      List<String> lines = Files.readAllLines(Path.of(value), StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw error(
            "--store-password-file: " + value + " is empty; put the password on its first line");
      }
      storePassword = lines.get(0);
    } catch (InvalidPathException | IOException e) {
      throw error("--store-password-file: cannot read " + value);
    }
  }

  @Option(
      order = 33,
      names = "--store-table-prefix",
      paramLabel = "P",
      description =
          "put P before every table name of --store, so that several teams share one database"
              + " (lower-case letters, digits, underscores)")
  void storeTablePrefix(String value) {
    if (!value.matches("[a-z0-9_]{1,30}")) {
      throw error(
          "--store-table-prefix must be 1 to 30 lower-case letters, digits and underscores,"
              + " for example team_a_");
    }
    storeTablePrefix = value;
  }

  private String storeUrl;
  private String storeUser;
  private String storePassword;
  private String storeTablePrefix;

  /** The --store options, once all are read (they may come in any order). */
  private ServerOptions withStore(ServerOptions base, String environmentPassword)
      throws UsageError {
    if (storeUrl == null) {
      if (storeUser != null || storePassword != null || storeTablePrefix != null) {
        throw new UsageError(
            "--store-user, --store-password-file and --store-table-prefix need --store URL");
      }
      return base;
    }
    if (base.dataDir() != null) {
      throw new UsageError("--store and --data-dir exclude each other: choose one");
    }
    String password = storePassword != null ? storePassword : environmentPassword;
    return base.withStore(
        new StoreLocation(
            storeUrl,
            storeUser,
            password == null || password.isEmpty() ? null : password,
            storeTablePrefix == null ? "" : storeTablePrefix));
  }

  private ParameterException error(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  static Request parse(String[] args) throws UsageError {
    return parse(args, System.getenv(PASSWORD_VARIABLE));
  }

  /** The environment variable that holds the database password of {@code --store}. */
  static final String PASSWORD_VARIABLE = "TOTP_STORE_PASSWORD";

  static Request parse(String[] args, String environmentPassword) throws UsageError {
    ServerCommand command = new ServerCommand();
    CommandLine parser = new CommandLine(command);
    refuseValuedFlags(args, parser.getCommandSpec());
    try {
      parser.parseArgs(args);
    } catch (ParameterException e) {
      throw new UsageError(oneLine(e));
    }
    if (parser.isUsageHelpRequested()) {
      return new Request(parser.getUsageMessage(CommandLine.Help.Ansi.OFF), null);
    }
    if (parser.isVersionHelpRequested()) {
      return new Request(String.join("\n", parser.getCommandSpec().version()) + "\n", null);
    }
    if (command.options.printQr() && !command.options.demoData()) {
      throw new UsageError("--print-qr enrols the demo user: leave out --no-demo-data");
    }
    return new Request(null, command.withStore(command.options, environmentPassword));
  }

  // picocli takes "--flag=false" even with arity 0, which would turn "--no-demo-data=false" into
  // demo data on; a flag is given or not.
  private static void refuseValuedFlags(String[] args, CommandSpec spec) throws UsageError {
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        OptionSpec option = spec.findOption(arg.substring(0, equals));
        if (option != null && option.arity().max() == 0) {
          throw new UsageError(option.longestName() + " takes no value");
        }
      }
    }
  }

  /** picocli's error, said as what to fix, on one line. */
  private static String oneLine(ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      return unknown(unmatched);
    }
    if (e instanceof CommandLine.MissingParameterException missing) {
      return name(missing.getMissing()) + " needs a value: see --help";
    }
    if (e instanceof CommandLine.OverwrittenOptionException overwritten) {
      return name(List.of(overwritten.getOverwritten())) + " is given more than once";
    }
    ArgSpec arg = e.getArgSpec();
    if (arg instanceof OptionSpec option && option.arity().max() == 0) {
      return option.longestName() + " takes no value";
    }
    String message = e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String unknown(CommandLine.UnmatchedArgumentException unmatched) {
    String first = unmatched.getUnmatched().isEmpty() ? "" : unmatched.getUnmatched().get(0);
    if (!first.startsWith("-")) {
      return "unexpected argument '" + first + "': options start with --, see --help";
    }
    int equals = first.indexOf('=');
    String name = equals > 0 ? first.substring(0, equals) : first;
    String meant = nearest(name, unmatched.getCommandLine().getCommandSpec());
    if (meant != null) {
      return "unknown option '" + name + "': did you mean " + meant + "?";
    }
    return "unknown option '" + name + "': see --help for the options";
  }

  /**
   * The option within a few typos of {@code name}. picocli's own suggestions only share the first
   * two letters ({@code --prot} gets none), so this compares whole names by edit distance.
   */
  static String nearest(String name, CommandSpec spec) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (OptionSpec option : spec.options()) {
      String candidate = option.longestName();
      int distance = editDistance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerated = Math.max(2, name.length() / 4);
    return bestDistance <= tolerated ? best : null;
  }

  // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours.
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static String name(List<ArgSpec> args) {
    if (!args.isEmpty() && args.get(0) instanceof OptionSpec option) {
      return option.longestName();
    }
    return "an option";
  }

  /** The root pom's version, filtered into a resource at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"totp-mock-server " + version()};
    }

    static String version() {
      Properties properties = new Properties();
      try (InputStream in = ServerCommand.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IllegalStateException("version.properties is missing from the build");
        }
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return properties.getProperty("version");
    }
  }
}

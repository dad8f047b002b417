package org.totpkit.kit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.totpkit.kit.report.KitVersion;
import org.totpkit.kit.report.Waivers;
import org.totpkit.kit.target.Dialect;
import org.totpkit.kit.target.Targets;
import org.totpkit.kit.target.Transport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The runner's command line (docs/conformance-kit.md), parsed by picocli. An option is one
 * annotated field here: its help line, its "needs a value" and "non-empty" checks and the
 * misspelling suggestions come with it.
 */
@Command(
    name = "java -jar totp-conformance-kit.jar",
    sortOptions = false,
    usageHelpWidth = 100,
    versionProvider = KitOptions.Version.class,
    description =
        "Runs the TOTP registration conformance scenarios and writes a certification report.",
    footer = {
      "",
      "Exit status: 0 every applicable scenario passed, 1 some failed, 2 usage or configuration error."
    })
public final class KitOptions {
  public static final Path DEFAULT_REPORT_DIRECTORY = Path.of("conformance-report");

  @Option(
      names = "--target",
      paramLabel = "FILE",
      description = {
        "target.properties of the deployment to check (baseUrl, hooksUrl, user.id, user.token,",
        "other.token, admin.token, hooks.token, transport, rpcUrl, dialect, referenceServer;",
        "a value ${NAME} reads environment variable NAME).",
        "Default: an embedded reference server."
      })
  Path target;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description = {
        "where junit.xml, cucumber.json, cucumber.html, conformance-report.md/.json and",
        "certificate.html go.",
        "Default: conformance-report"
      })
  Path reportDirectory = DEFAULT_REPORT_DIRECTORY;

  @Option(
      names = "--tags",
      paramLabel = "EXPR",
      description = {
        "only the scenarios matching this Cucumber tag expression, e.g. \"@core and not @clock\""
      })
  String tags;

  @Option(
      names = "--waivers",
      paramLabel = "FILE",
      description = {
        "accepted deviations, {\"waivers\": [{\"requirement\", \"scenario\", \"reason\"}]}:",
        "a waived failure does not fail the run, a stale waiver does. Default: -Dtotp.waivers"
      })
  Path waivers;

  @Option(
      names = "--verify-report",
      paramLabel = "REPORT",
      description = {
        "check a conformance-report.json instead of running: 0 when this kit version, with these",
        "documents, produced it and it is unaltered; 1 otherwise (with --waivers, that file too)"
      })
  Path verifyReport;

  @Option(
      names = "--transport",
      paramLabel = "NAME",
      description = {
        "rest (default), grpc, grpc-web or connect: how the contract's calls are made; the",
        "endpoint is the target's rpcUrl, else its baseUrl. Wins over the target file's transport."
      })
  String transport;

  @Option(
      names = "--dialect",
      paramLabel = "NAME",
      description = {
        "v3alpha (default) or v2 (ZITADEL's /v2/users/{userId}/totp): which TOTP API is checked.",
        "Wins over the target file's dialect. Default: -Dtotp.dialect"
      })
  String dialect;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "this text")
  boolean help;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "the kit's version")
  boolean version;

  /** A command line that cannot be understood; the message is one line saying what to fix. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  /** What {@code --version} prints. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"totp-conformance-kit " + KitVersion.get()};
    }
  }

  public Optional<Path> target() {
    return Optional.ofNullable(target);
  }

  public Path reportDirectory() {
    return reportDirectory;
  }

  public Optional<String> tags() {
    return Optional.ofNullable(tags);
  }

  /** The waiver file; an empty -Dtotp.waivers (Maven passes one when unset) means none. */
  public Optional<Path> waivers() {
    return Optional.ofNullable(waivers).filter(path -> !path.toString().isBlank());
  }

  public Optional<Path> verifyReport() {
    return Optional.ofNullable(verifyReport);
  }

  /** The transport asked for on the command line; it wins over the target file's. */
  public Optional<Transport> transport() {
    return Optional.ofNullable(transport).flatMap(Transport::named);
  }

  /** The dialect asked for on the command line (or -Dtotp.dialect); it wins over the file's. */
  public Optional<Dialect> dialect() {
    return Optional.ofNullable(dialect).flatMap(Dialect::named);
  }

  public boolean help() {
    return help;
  }

  public boolean version() {
    return version;
  }

  public static String usage() {
    return new CommandLine(new KitOptions()).getUsageMessage(Help.Ansi.OFF).stripTrailing();
  }

  public static String versionText() {
    return new Version().getVersion()[0];
  }

  public static KitOptions parse(List<String> args) {
    return parse(args, System::getProperty);
  }

  /**
   * @param properties the JVM's system properties, where {@code -Dtotp.waivers} is the default of
   *     {@code --waivers}; the kit's own tests pass none, so that a waiver file meant for a
   *     vendor's run in the same JVM does not reach them
   */
  public static KitOptions parse(List<String> args, UnaryOperator<String> properties) {
    KitOptions options = new KitOptions();
    CommandLine cli = new CommandLine(options);
    try {
      cli.parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      throw new UsageException(oneLine(e) + " (see --help)");
    }
    if (options.transport != null && Transport.named(options.transport).isEmpty()) {
      throw new UsageException(
          "--transport must be "
              + Transport.choices()
              + ", not "
              + options.transport
              + " (see --help)");
    }
    if (options.dialect == null) {
      String property = properties.apply(Targets.DIALECT_PROPERTY);
      options.dialect = property == null || property.isBlank() ? null : property.strip();
    }
    if (options.dialect != null && Dialect.named(options.dialect).isEmpty()) {
      throw new UsageException(
          "--dialect must be " + Dialect.choices() + ", not " + options.dialect + " (see --help)");
    }
    for (OptionSpec option : cli.getParseResult().matchedOptions()) {
      if (option.arity().max() > 0
          && option.originalStringValues().stream().anyMatch(String::isBlank)) {
        throw new UsageException(option.longestName() + " needs a non-empty value (see --help)");
      }
    }
    if (options.waivers == null) {
      String file = properties.apply(Waivers.PROPERTY);
      options.waivers = file == null || file.isBlank() ? null : Waivers.resolve(file.strip());
    }
    return options;
  }

  /** picocli's message, reworded as one line saying what to fix. */
  private static String oneLine(ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      String first = unmatched.getUnmatched().get(0);
      if (!first.startsWith("-")) {
        return "unexpected argument " + first + "; every value follows its option";
      }
      List<String> suggestions = unmatched.getSuggestions();
      return "unknown option "
          + first
          + (suggestions.isEmpty()
              ? ""
              : " (did you mean "
                  + String.join(" or ", suggestions.stream().limit(3).toList())
                  + "?)");
    }
    if (e instanceof CommandLine.MissingParameterException missing
        && !missing.getMissing().isEmpty()) {
      return missing.getMissing().stream().map(KitOptions::name).collect(Collectors.joining(", "))
          + " needs a value";
    }
    if (e instanceof CommandLine.OverwrittenOptionException overwritten) {
      return name(overwritten.getOverwritten()) + " is given more than once";
    }
    String message = e.getMessage() == null ? "invalid command line" : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  private static String name(ArgSpec spec) {
    return spec instanceof OptionSpec option ? option.longestName() : spec.paramLabel();
  }
}

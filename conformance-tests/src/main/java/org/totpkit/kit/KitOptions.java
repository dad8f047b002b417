package org.totpkit.kit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The runner's command line (KIT.md): --target, --report-dir, --tags, --help. */
public record KitOptions(
    Optional<Path> target, Path reportDirectory, Optional<String> tags, boolean help) {
  public static final Path DEFAULT_REPORT_DIRECTORY = Path.of("conformance-report");

  public static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar totp-conformance-kit.jar [--target FILE] [--report-dir DIR] [--tags EXPR] [--help]",
          "",
          "Runs the TOTP registration conformance scenarios and writes a certification report.",
          "",
          "  --target FILE      target.properties of the deployment to check (baseUrl, hooksUrl, user.id,",
          "                     user.token, other.token, admin.token, hooks.token; a value ${NAME} reads",
          "                     environment variable NAME). Default: an embedded reference server.",
          "  --report-dir DIR   where junit.xml, cucumber.json, cucumber.html and conformance-report.md/.json",
          "                     go. Default: conformance-report",
          "  --tags EXPR        only the scenarios matching this Cucumber tag expression,",
          "                     e.g. \"@core and not @clock\"",
          "  --help             this text",
          "",
          "Exit status: 0 every applicable scenario passed, 1 some failed, 2 usage or configuration error.");

  /** A command line that cannot be understood; the message is one line saying what to fix. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  public static KitOptions parse(List<String> args) {
    Optional<Path> target = Optional.empty();
    Path reportDirectory = DEFAULT_REPORT_DIRECTORY;
    Optional<String> tags = Optional.empty();
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      Optional<String> inline =
          arg.contains("=") ? Optional.of(arg.substring(arg.indexOf('=') + 1)) : Optional.empty();
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--target", "--report-dir", "--tags" -> {
          String value;
          if (inline.isPresent()) {
            value = inline.get();
          } else if (i + 1 < args.size()) {
            value = args.get(++i);
          } else {
            throw new UsageException(name + " needs a value (see --help)");
          }
          if (value.isBlank()) {
            throw new UsageException(name + " needs a non-empty value (see --help)");
          }
          switch (name) {
            case "--target" -> target = Optional.of(Path.of(value));
            case "--report-dir" -> reportDirectory = Path.of(value);
            default -> tags = Optional.of(value);
          }
        }
        default -> throw new UsageException("unknown option " + arg + " (see --help)");
      }
    }
    return new KitOptions(target, reportDirectory, tags, help);
  }
}

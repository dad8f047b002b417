package org.totpkit.kit.target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The target of the current run. The runner sets it; a plain JUnit run (mvn verify) resolves it
 * from {@code -Dtotp.target=FILE}, {@code -Dtotp.transport} and {@code -Dtotp.dialect}, or starts
 * the embedded reference server once per JVM.
 */
public final class Targets {
  public static final String TARGET_PROPERTY = "totp.target";
  public static final String TRANSPORT_PROPERTY = "totp.transport";
  public static final String DIALECT_PROPERTY = "totp.dialect";
  private static final String TARGET_BASE_PROPERTY = "totp.target.base";

  private static volatile Target current;
  private static EmbeddedReferenceServer embedded;

  private Targets() {}

  /** Points the next scenarios at {@code target}. */
  public static void use(Target target) {
    current = target;
  }

  /** The target set so far, or null: lets a nested run put things back as it found them. */
  public static Target currentIfSet() {
    return current;
  }

  public static synchronized Target current() {
    if (current == null) {
      current = fromSystemProperties();
    }
    return current;
  }

  /** The embedded reference server, started on first use and stopped when the JVM exits. */
  public static synchronized Target embedded() {
    if (embedded == null) {
      EmbeddedReferenceServer server = EmbeddedReferenceServer.start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(server::close, "embedded-reference-server-stop"));
      embedded = server;
    }
    return embedded.target();
  }

  /** -Dtotp.target (or the embedded server), over -Dtotp.transport when given (it wins). */
  private static Target fromSystemProperties() {
    return from(System::getProperty);
  }

  /**
   * {@code totp.target} (or the embedded server), over {@code totp.transport} when given, as {@code
   * properties} name them (the JVM's, or a JUnit run's configuration parameters).
   */
  public static Target from(UnaryOperator<String> properties) {
    String file = Optional.ofNullable(properties.apply(TARGET_PROPERTY)).orElse("").trim();
    String dialectName = Optional.ofNullable(properties.apply(DIALECT_PROPERTY)).orElse("").trim();
    Optional<Dialect> dialect =
        dialectName.isEmpty()
            ? Optional.empty()
            : Optional.of(TargetProperties.dialect(dialectName, "-D" + DIALECT_PROPERTY));
    Target target;
    if (file.isEmpty()) {
      Target embedded = embedded();
      target = dialect.map(embedded::in).orElse(embedded);
    } else {
      target = TargetProperties.load(resolve(file), dialect);
    }
    if (!file.isEmpty()) {
      UntouchedUser.require(target);
    }
    String transport = Optional.ofNullable(properties.apply(TRANSPORT_PROPERTY)).orElse("").trim();
    return transport.isEmpty()
        ? target
        : target.over(TargetProperties.transport(transport, "-D" + TRANSPORT_PROPERTY));
  }

  /** A relative path is tried from the working directory, then from the project root. */
  public static Path resolve(String file) {
    Path path = Path.of(file);
    String base = System.getProperty(TARGET_BASE_PROPERTY, "").trim();
    if (!path.isAbsolute() && !Files.exists(path) && !base.isEmpty()) {
      Path fromBase = Path.of(base).resolve(path);
      if (Files.exists(fromBase)) {
        return fromBase;
      }
    }
    return path;
  }
}

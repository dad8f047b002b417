package org.totpkit.kit.target;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a target.properties file (docs/conformance-kit.md): {@code baseUrl} required; {@code
 * hooksUrl} optional; {@code user.id} and {@code user.token} required without hooks; {@code
 * other.token}, {@code admin.token}, {@code hooks.token}, {@code transport} ({@code rest} by
 * default), {@code rpcUrl}, {@code dialect} ({@code v3alpha} by default; in {@code v2} without
 * hooks {@code admin.token} is required and {@code user.token} optional) and {@code
 * referenceServer} optional. A value {@code ${NAME}} reads environment variable NAME, so tokens
 * stay out of files.
 */
public final class TargetProperties {
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private TargetProperties() {}

  public static Target load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * @param dialect the dialect chosen on the command line, which wins over the file's: the keys a
   *     target needs depend on it
   */
  public static Target load(Path file, Optional<Dialect> dialect) {
    return load(file, System::getenv, dialect);
  }

  public static Target load(Path file, UnaryOperator<String> environment) {
    return load(file, environment, Optional.empty());
  }

  public static Target load(
      Path file, UnaryOperator<String> environment, Optional<Dialect> dialect) {
    if (!Files.isReadable(file)) {
      throw new TargetConfigurationException(
          "cannot read target file " + file + ": no such readable file");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new TargetConfigurationException(
          "cannot read target file " + file + ": " + e.getMessage(), e);
    }
    return from(properties, environment, file.toString(), dialect);
  }

  static Target from(Properties properties, UnaryOperator<String> environment, String source) {
    return from(properties, environment, source, Optional.empty());
  }

  static Target from(
      Properties properties,
      UnaryOperator<String> environment,
      String source,
      Optional<Dialect> chosenDialect) {
    Optional<String> baseUrl = value(properties, "baseUrl", environment, source);
    Optional<String> hooksUrl = value(properties, "hooksUrl", environment, source);
    Optional<String> userId = value(properties, "user.id", environment, source);
    Optional<String> userToken = value(properties, "user.token", environment, source);
    if (baseUrl.isEmpty()) {
      throw new TargetConfigurationException(
          source + ": missing key baseUrl (where the contract is served)");
    }
    requireHttpUrl(baseUrl.get(), "baseUrl", source);
    hooksUrl.ifPresent(url -> requireHttpUrl(url, "hooksUrl", source));
    Optional<String> rpcUrl = value(properties, "rpcUrl", environment, source);
    rpcUrl.ifPresent(url -> requireHttpUrl(url, "rpcUrl", source));
    Transport transport =
        value(properties, "transport", environment, source)
            .map(name -> transport(name, source + ": transport"))
            .orElse(Transport.REST);
    Dialect dialect =
        chosenDialect.orElseGet(
            () ->
                value(properties, "dialect", environment, source)
                    .map(name -> dialect(name, source + ": dialect"))
                    .orElse(Dialect.V3ALPHA));
    boolean referenceServer =
        value(properties, "referenceServer", environment, source)
            .map(text -> flag(text, source + ": referenceServer"))
            .orElse(false);
    return new Target(
            baseUrl.get(),
            hooksUrl,
            userId,
            userToken,
            value(properties, "other.token", environment, source),
            value(properties, "admin.token", environment, source),
            value(properties, "hooks.token", environment, source),
            tolerance(value(properties, "clock.toleranceMillis", environment, source), source),
            "deployment from " + source,
            transport,
            rpcUrl,
            dialect,
            referenceServer)
        .requireCredentials(source);
  }

  /** A dialect by its name; {@code what} says where the name came from, for the one-line error. */
  public static Dialect dialect(String name, String what) {
    return Dialect.named(name)
        .orElseThrow(
            () ->
                new TargetConfigurationException(
                    what + " must be " + Dialect.choices() + ", got " + name.trim()));
  }

  private static boolean flag(String text, String what) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new TargetConfigurationException(what + " must be true or false, got " + text);
    };
  }

  private static Optional<String> value(
      Properties properties, String key, UnaryOperator<String> environment, String source) {
    String raw = properties.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    Matcher matcher = ENV_REFERENCE.matcher(raw.trim());
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String fromEnvironment = environment.apply(name);
      if (fromEnvironment == null) {
        throw new TargetConfigurationException(
            source + ": key " + key + " reads environment variable " + name + ", which is not set");
      }
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(fromEnvironment));
    }
    matcher.appendTail(resolved);
    String text = resolved.toString().trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /**
   * A transport by its name; {@code what} says where the name came from, for the one-line error.
   */
  public static Transport transport(String name, String what) {
    return Transport.named(name)
        .orElseThrow(
            () ->
                new TargetConfigurationException(
                    what + " must be " + Transport.choices() + ", got " + name.trim()));
  }

  private static Duration tolerance(Optional<String> millis, String source) {
    if (millis.isEmpty()) {
      return Target.DEFAULT_CLOCK_TOLERANCE;
    }
    try {
      long value = Long.parseLong(millis.get());
      if (value < 0 || value >= 15_000) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(value);
    } catch (NumberFormatException e) {
      throw new TargetConfigurationException(
          source
              + ": clock.toleranceMillis must be a whole number of milliseconds from 0 to 14999");
    }
  }

  private static void requireHttpUrl(String url, String key, String source) {
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new TargetConfigurationException(
            source + ": " + key + " must be an http(s) URL, got " + url);
      }
    } catch (URISyntaxException e) {
      throw new TargetConfigurationException(source + ": " + key + " is not a URL: " + url, e);
    }
  }

  /** For tests and callers that hold the environment in a map. */
  public static UnaryOperator<String> environmentOf(Map<String, String> variables) {
    return variables::get;
  }
}

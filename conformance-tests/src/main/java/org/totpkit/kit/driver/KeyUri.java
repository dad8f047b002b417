package org.totpkit.kit.driver;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code otpauth://totp/<issuer>:<account>?...} Key URI as the start response carries it.
 *
 * @param rawQueryKeys the query keys in the order the URI lists them
 */
public record KeyUri(
    String issuerInLabel,
    String accountName,
    Map<String, String> parameters,
    List<String> rawQueryKeys,
    String rawText) {

  public static Optional<KeyUri> parse(String text) {
    try {
      URI uri = new URI(text);
      if (!"otpauth".equals(uri.getScheme()) || !"totp".equals(uri.getHost())) {
        return Optional.empty();
      }
      String rawLabel =
          uri.getRawPath().startsWith("/") ? uri.getRawPath().substring(1) : uri.getRawPath();
      String label = decode(rawLabel);
      int colon = label.indexOf(':');
      String issuer = colon < 0 ? "" : label.substring(0, colon);
      String account = colon < 0 ? label : label.substring(colon + 1);
      Map<String, String> parameters = new LinkedHashMap<>();
      List<String> keys = new java.util.ArrayList<>();
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = decode(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
        keys.add(key);
        parameters.put(key, value);
      }
      return Optional.of(new KeyUri(issuer, account, parameters, List.copyOf(keys), text));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  public String secret() {
    return parameters.getOrDefault("secret", "");
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /**
   * Percent-decoding only: a '+' stays a '+', because the contract never encodes a space as '+'.
   */
  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "KeyUri[issuer=" + issuerInLabel + ", account=" + accountName + ", secret=redacted]";
  }
}

package org.totpkit.mock.totp;

import java.nio.charset.StandardCharsets;

/**
 * The Google Authenticator Key URI: {@code otpauth://totp/<issuer>:<account>?algorithm=..&digits=..
 * &issuer=..&period=..&secret=..}, query keys sorted, values percent-encoded with space as %20.
 */
public final class KeyUri {
  private KeyUri() {}

  public static String of(
      String issuer, String accountName, String secretBase32, TotpParameters parameters) {
    return "otpauth://totp/"
        + encode(issuer)
        + ":"
        + encode(accountName)
        + "?algorithm="
        + parameters.algorithm().name()
        + "&digits="
        + parameters.digits()
        + "&issuer="
        + encode(issuer)
        + "&period="
        + parameters.periodSeconds()
        + "&secret="
        + secretBase32;
  }

  // RFC 3986 unreserved characters and '@' stay literal; everything else is %XX of its UTF-8 bytes.
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '@') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}

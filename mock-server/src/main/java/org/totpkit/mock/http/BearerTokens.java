package org.totpkit.mock.http;

import java.util.Locale;
import org.totpkit.mock.totp.Directory;

/** Rows 4 to 6: an {@code Authorization: Bearer <token>} header naming a known token. */
public final class BearerTokens implements Authentication {
  private static final String SCHEME = "bearer ";

  private final Directory directory;

  public BearerTokens(Directory directory) {
    this.directory = directory;
  }

  @Override
  public Result authenticate(String authorization, String pathUserId) {
    if (authorization == null) {
      return new Refused(ErrorTable.authHeaderMissing());
    }
    // Auth schemes are case-insensitive (RFC 9110 section 11.1).
    if (authorization.length() < SCHEME.length()
        || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return new Refused(ErrorTable.notBearer());
    }
    String token = authorization.substring(SCHEME.length()).trim();
    return directory
        .caller(token)
        .<Result>map(Authenticated::new)
        .orElseGet(() -> new Refused(ErrorTable.unknownToken()));
  }
}

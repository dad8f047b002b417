package org.totpkit.mock.contract;

import org.totpkit.mock.totp.Directory;

/** Rows 4 to 6: an {@code Authorization: Bearer <token>} header naming a known token. */
public final class BearerTokens implements Authentication {
  // Case-sensitive, and the rest of the header is the token as is: upstream's own check.
  private static final String PREFIX = "Bearer ";

  private final Directory directory;

  public BearerTokens(Directory directory) {
    this.directory = directory;
  }

  @Override
  public Result authenticate(String authorization, String pathUserId) {
    if (authorization == null) {
      return new Refused(ErrorTable.authHeaderMissing());
    }
    if (!authorization.startsWith(PREFIX)) {
      return new Refused(ErrorTable.notBearer());
    }
    String token = authorization.substring(PREFIX.length());
    return directory
        .caller(token)
        .<Result>map(Authenticated::new)
        .orElseGet(() -> new Refused(ErrorTable.unknownToken()));
  }
}

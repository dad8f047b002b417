package org.totpkit.mock.totp;

/** A resource bound stopped a fixture from being created; nothing was added. */
public final class LimitReached extends RuntimeException {
  private final Resource resource;
  private final int limit;

  /** What ran out. */
  public enum Resource {
    USERS,
    TOKENS,
    REGISTRATIONS_PER_USER,
    REGISTRATIONS
  }

  public LimitReached(Resource resource, int limit) {
    super(message(resource, limit), null, false, false);
    this.resource = resource;
    this.limit = limit;
  }

  public Resource resource() {
    return resource;
  }

  public int limit() {
    return limit;
  }

  /** The one line that says which bound was reached. */
  public static String message(Resource resource, int limit) {
    return "resource bound reached: the server keeps at most " + limit + " " + describe(resource);
  }

  private static String describe(Resource resource) {
    return switch (resource) {
      case USERS -> "users";
      case TOKENS -> "tokens";
      case REGISTRATIONS_PER_USER -> "registrations per user";
      case REGISTRATIONS -> "registrations";
    };
  }
}

package org.totpkit.mock.store;

/**
 * A database the server keeps its state in ({@code --store URL}), shared by every replica that
 * names it.
 *
 * @param url the JDBC URL, for example {@code jdbc:postgresql://HOST:PORT/DB}
 * @param user the database user, or null for the driver's default
 * @param password the password, or null (never from the command line: an environment variable or a
 *     file)
 * @param tablePrefix put before every table name, so that several teams can share one database
 */
public record StoreLocation(String url, String user, String password, String tablePrefix) {
  public StoreLocation {
    if (url == null || tablePrefix == null) {
      throw new IllegalArgumentException("a store needs a URL and a table prefix (may be empty)");
    }
  }

  public StoreLocation withUser(String name) {
    return new StoreLocation(url, name, password, tablePrefix);
  }

  public StoreLocation withPassword(String secret) {
    return new StoreLocation(url, user, secret, tablePrefix);
  }

  public StoreLocation withTablePrefix(String prefix) {
    return new StoreLocation(url, user, password, prefix);
  }

  /** Never the password. */
  @Override
  public String toString() {
    return "StoreLocation[url="
        + url
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "set")
        + ", tablePrefix="
        + tablePrefix
        + "]";
  }
}

package org.totpkit.mock.store;

/**
 * The store cannot be opened as asked (a damaged, foreign or newer file, or one in use): the
 * message is the one line to print, naming the file and what is wrong. Nothing was changed.
 */
public final class StoreUnusable extends RuntimeException {
  public StoreUnusable(String message) {
    super(message, null, false, false);
  }
}

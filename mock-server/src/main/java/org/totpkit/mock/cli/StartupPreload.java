package org.totpkit.mock.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up work done concurrently: while the main thread parses the command line and builds the
 * server, one daemon thread loads (without initialising) the classes that building WireMock and
 * Jetty and answering the first request will need, in the order a start needs them. Loading from
 * the jar (reading, inflating, defining) is most of a start's CPU; the main thread then finds most
 * classes already defined and only links and initialises them.
 *
 * <p>Nothing here changes what the server does: a class is only loaded, never initialised (no
 * static initialiser runs on this thread, so no initialisation order changes), the class loader
 * locks per class name, so the main thread never sees half a class, and a name missing from the jar
 * is skipped. The list is a resource ({@code startup-classes.txt}), made from a class-load log of
 * one start; a stale list costs time, never correctness.
 */
public final class StartupPreload {
  static final String LIST = "startup-classes.txt";

  /**
   * {@code -Dtotp.startup.preload=false}: no preload, for a class-load log of the start path alone
   * (how the list is made); not an option users need.
   */
  static final String OFF_PROPERTY = "totp.startup.preload";

  private StartupPreload() {}

  /** Starts loading the list on a daemon thread and returns at once; null when turned off. */
  public static Thread start() {
    if ("false".equals(System.getProperty(OFF_PROPERTY))) {
      return null;
    }
    Thread thread = new Thread(StartupPreload::run, "totp-mock-preload");
    thread.setDaemon(true);
    thread.setPriority(Thread.NORM_PRIORITY - 1);
    thread.start();
    return thread;
  }

  private static void run() {
    ClassLoader loader = StartupPreload.class.getClassLoader();
    for (String name : names()) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // Not in this jar or JDK (a stale list): the main thread loads what it needs itself.
      }
    }
  }

  /** The class names of the list, in order; comment lines and blank lines left out. */
  static List<String> names() {
    List<String> names = new ArrayList<>(4096);
    InputStream in = StartupPreload.class.getResourceAsStream(LIST);
    if (in == null) {
      return names;
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}

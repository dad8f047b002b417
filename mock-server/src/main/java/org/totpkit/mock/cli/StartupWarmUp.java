package org.totpkit.mock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.jknack.handlebars.Handlebars;
import com.github.tomakehurst.wiremock.common.Json;
import javax.xml.transform.TransformerFactory;
import javax.xml.xpath.XPathFactory;

/**
 * The part of WireMock's construction that no option changes, done on a second thread while the
 * main thread parses the command line: the classes behind WireMock's JSON mapper (Jackson and its
 * time module), the JDK's XML transformer and XPath factories and Handlebars are initialised by
 * building throw-away instances. WireMock then builds its own instances on the main thread from
 * initialised classes.
 *
 * <p>Nothing the server keeps is made here: no system property is set, no instance outlives the
 * thread (WireMock's mapper is per thread), so the server the main thread builds is the one it
 * would build without this. The main thread waits for the warm-up ({@link #awaitBeforeStart})
 * before it touches any of these classes, so no class is initialised by both threads at once; a
 * warm-up that fails only costs the time it took.
 */
final class StartupWarmUp {
  // Far above the work (a few hundred ms); past it the main thread goes on and builds as before.
  private static final long WAIT_AT_MOST_MILLIS = 10_000;

  private static volatile Thread running;

  private StartupWarmUp() {}

  /** Starts the warm-up on a daemon thread and returns at once. */
  static void begin() {
    Thread thread = new Thread(StartupWarmUp::run, "totp-mock-warm-up");
    thread.setDaemon(true);
    running = thread;
    thread.start();
  }

  /** Waits until a started warm-up is over; returns at once when none was started. */
  static void awaitBeforeStart() {
    Thread thread = running;
    if (thread == null) {
      return;
    }
    try {
      thread.join(WAIT_AT_MOST_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = null;
  }

  private static void run() {
    try {
      Json.getObjectMapper();
      new ObjectMapper().registerModule(new JavaTimeModule());
      TransformerFactory.newDefaultInstance();
      XPathFactory.newDefaultInstance();
      new Handlebars();
    } catch (RuntimeException | LinkageError e) {
      // Only time is lost: the main thread builds everything it needs itself.
    }
  }
}

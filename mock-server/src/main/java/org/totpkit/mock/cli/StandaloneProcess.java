package org.totpkit.mock.cli;

/**
 * What the standalone server's process sets up before it builds the server, in one place: the jar's
 * {@code main} and the benchmark's stand-in for {@code java -jar} both call {@link #prepare()}, so
 * the server the benchmark measures starts as the one users run and the two cannot drift.
 */
public final class StandaloneProcess {
  private StandaloneProcess() {}

  /**
   * Starts the class preload and the idle-memory set-up, each on its own thread; returns at once.
   */
  public static void prepare() {
    // Loads WireMock's, Jetty's and the first request's classes on a second thread while the caller
    // parses the command line and builds the server (see StartupPreload).
    StartupPreload.start();
    // Independent of the server and only needed once it is under load or idle: its JMX start-up
    // (~90 classes) runs beside the server's instead of before it.
    new Thread(IdleMemory::returnWhenIdle, "totp-mock-idle-memory").start();
  }
}

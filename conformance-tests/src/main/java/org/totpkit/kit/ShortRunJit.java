package org.totpkit.kit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A kit run is a batch of seconds: HotSpot's optimising compiler (C2) spends more CPU compiling the
 * run's hot methods (Cucumber's step matching, the JDK's lambda spinning and class loading, HTTP
 * and JSON code) than the run gains from the compiled code. The kit's {@code main} tells its own
 * JVM, through HotSpot's compiler control (the {@code Compiler.directives_add} diagnostic command,
 * reached through the platform MBean server: no JVM option), to leave C2 out; methods are still
 * compiled by C1. {@code -Dtotp.kit.jit=full} keeps the JVM's default. Asked on a daemon thread, so
 * the JMX start-up (a few hundred ms of class loading) overlaps the run's own; a JVM without the
 * command (not HotSpot) runs as it is.
 */
public final class ShortRunJit {
  /** {@code full}: the JVM's default compilation, C2 included. */
  public static final String PROPERTY = "totp.kit.jit";

  static final ObjectName DIAGNOSTIC_COMMAND = name("com.sun.management:type=DiagnosticCommand");

  private ShortRunJit() {}

  /**
   * Unless {@code -Dtotp.kit.jit=full}: C2 is left out for every method, from a moment from now.
   */
  public static void applyUnlessFull(String property) {
    if ("full".equals(property)) {
      return;
    }
    Thread thread = new Thread(() -> exclude("*.*"), "totp-kit-jit");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Adds a compiler directive that keeps C2 from compiling the methods {@code pattern} matches
   * (HotSpot's method pattern: {@code package/Class.method}, {@code *} as a wildcard).
   *
   * @return whether the JVM took it
   */
  static boolean exclude(String pattern) {
    String directive = "[{ match: \"" + pattern + "\", c2: { Exclude: true } }]";
    String answer = invoke("compilerDirectivesAdd", directive);
    // "1 compiler directives added"; a directive the JVM cannot read is reported, not added.
    return answer != null && answer.contains("1 compiler directives added");
  }

  /** The directives the JVM holds, as {@code Compiler.directives_print} gives them, or null. */
  static String directives() {
    return diagnostic("compilerDirectivesPrint", new String[0]);
  }

  /** Removes the newest directive. */
  static void removeNewest() {
    diagnostic("compilerDirectivesRemove", new String[0]);
  }

  // The command reads its directives from a file only.
  private static String invoke(String operation, String directive) {
    Path file = null;
    try {
      file = Files.createTempFile("totp-kit-jit", ".json");
      Files.writeString(file, directive, StandardCharsets.UTF_8);
      return diagnostic(operation, new String[] {file.toString()});
    } catch (IOException | SecurityException e) {
      return null;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // A temporary file left behind: nothing to do.
        }
      }
    }
  }

  private static String diagnostic(String operation, String[] arguments) {
    try {
      Object answer =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  DIAGNOSTIC_COMMAND,
                  operation,
                  new Object[] {arguments},
                  new String[] {String[].class.getName()});
      return answer == null ? "" : answer.toString();
    } catch (JMException | RuntimeException e) {
      return null;
    }
  }

  private static ObjectName name(String text) {
    try {
      return new ObjectName(text);
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }
}

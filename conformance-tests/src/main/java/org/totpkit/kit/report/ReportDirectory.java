package org.totpkit.kit.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of one report directory, and the last pass that blanks anything sensitive in them. */
public final class ReportDirectory {
  public static final List<String> FILES =
      List.of(
          "junit.xml",
          "cucumber.json",
          "cucumber.html",
          ConformanceReport.MARKDOWN,
          ConformanceReport.JSON,
          ConformanceReport.CERTIFICATE);

  private ReportDirectory() {}

  /** The cucumber.plugin value that writes every report into {@code directory}. */
  public static String plugins(Path directory) {
    return plugins(directory, true);
  }

  /** The same, with or without Cucumber's HTML page. */
  public static String plugins(Path directory, boolean withCucumberHtml) {
    String dir = directory.toAbsolutePath().toString();
    List<String> plugins = new java.util.ArrayList<>();
    plugins.add(ConformanceReportPlugin.class.getName() + ":" + dir);
    plugins.add("junit:" + dir + "/junit.xml");
    plugins.add("json:" + dir + "/cucumber.json");
    if (withCucumberHtml) {
      plugins.add("html:" + dir + "/cucumber.html");
    }
    return String.join(", ", plugins);
  }

  /**
   * Belt and braces: every message is redacted where it is made, and then every file once more,
   * because Cucumber's own formatters print failure messages as they are.
   */
  public static void redactAll(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String redacted = Redaction.redact(text);
        if (!redacted.equals(text)) {
          Files.writeString(file, redacted, StandardCharsets.UTF_8);
        }
      }
    }
  }
}

package org.totpkit.kit;

import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, headless, for checking certificate.html as a browser draws it. CI
 * needs it (.ci/run installs it and sets TOTP_CHROMIUM=required): there a missing browser fails the
 * test. Elsewhere the test is skipped with a message saying how to install it.
 */
final class HeadlessChromium {
  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "google-chrome");
  private static final long TIMEOUT_SECONDS = 180;

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  static HeadlessChromium findOrExplain() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return new HeadlessChromium(found.get());
    }
    String message =
        "no chromium on PATH: certificate.html was not checked in a browser; install Debian's"
            + " chromium (apt-get install chromium) or set -Dtotp.chromium=/path/to/chromium";
    if (required()) {
      fail(message + " (TOTP_CHROMIUM=required: CI must check it)");
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }

  private static boolean required() {
    return "required".equals(System.getenv("TOTP_CHROMIUM"))
        || "required".equals(System.getProperty("totp.chromium.check"));
  }

  private static Optional<Path> find() {
    String configured = System.getProperty("totp.chromium", "").trim();
    if (!configured.isEmpty()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** The DOM chromium built from the page. */
  String dumpDom(Path page) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", page.toUri().toString()));
  }

  /** Draws the page into a PNG and reads it back. */
  Picture screenshot(Path page, Path png) throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    run(List.of("--window-size=1200,1800", "--screenshot=" + png, page.toUri().toString()));
    BufferedImage image = ImageIO.read(png.toFile());
    if (image == null) {
      fail("chromium wrote no readable screenshot to " + png);
    }
    return new Picture(image);
  }

  private String run(List<String> arguments) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Path output = Files.createTempFile("chromium", ".out");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--user-data-dir=" + profile));
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + arguments);
      }
      if (process.exitValue() != 0) {
        fail("chromium exited with " + process.exitValue() + ": " + arguments);
      }
      return Files.readString(output, StandardCharsets.UTF_8);
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(output);
    }
  }

  /** A screenshot, for counting the pixels of a colour. */
  record Picture(BufferedImage image) {
    long pixelsNear(int rgb) {
      long count = 0;
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          if (near(image.getRGB(x, y), rgb)) {
            count++;
          }
        }
      }
      return count;
    }

    private static boolean near(int a, int b) {
      return Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) < 24
          && Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff)) < 24
          && Math.abs((a & 0xff) - (b & 0xff)) < 24;
    }
  }
}

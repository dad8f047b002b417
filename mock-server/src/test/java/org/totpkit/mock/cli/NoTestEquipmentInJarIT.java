package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jar users run cannot be switched into a broken server: the deliberately broken parts live in
 * the test-fixtures module, and nothing in the shaded jar replaces the standard server parts.
 */
class NoTestEquipmentInJarIT {
  private static final Path JAR = Path.of("target", "totp-mock-server.jar");

  @Test
  void theShadedJarHoldsNoFaults() throws IOException {
    assertThat(Files.exists(JAR)).as("the shaded jar is built in package").isTrue();
    List<String> entries = totpkitClasses();
    assertThat(entries).as("the jar's own classes").contains("org/totpkit/mock/ServerParts.class");
    assertThat(entries)
        .as("test equipment in the product jar")
        .noneMatch(name -> name.startsWith("org/totpkit/mock/faults/"))
        .noneMatch(name -> name.contains("Fault") || name.contains("Broken"));
  }

  /** Loaded from the jar alone: the only ServerParts there are the interface and its standard. */
  @Test
  void theOnlyServerPartsAreTheStandardOnes() throws Exception {
    List<String> implementations = new ArrayList<>();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> parts = Class.forName("org.totpkit.mock.ServerParts", false, loader);
      Class<?> standard = parts.getField("STANDARD").get(null).getClass();
      for (String entry : totpkitClasses()) {
        if (entry.startsWith("org/totpkit/mock/junit/")) {
          continue; // the JUnit extension ships without JUnit (the user's tests bring it)
        }
        String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        Class<?> type = Class.forName(name, false, loader);
        if (parts.isAssignableFrom(type) && type != parts && type != standard) {
          implementations.add(name);
        }
      }
    }
    assertThat(implementations).as("other ServerParts in the product jar").isEmpty();
  }

  private static List<String> totpkitClasses() throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith("org/totpkit/") && name.endsWith(".class")) {
          names.add(name);
        }
      }
    }
    return names;
  }
}

package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The kit's jar embeds the reference server as its default target; the broken servers that prove
 * the kit stay in its tests (test scope), so a vendor's run can never be against one of them.
 */
class NoTestEquipmentInKitJarIT {
  private static final Path JAR = Path.of("target", "totp-conformance-kit.jar");

  @Test
  void theKitJarHoldsTheServerButNoFaults() throws IOException {
    assertThat(Files.exists(JAR)).as("the shaded kit jar is built in package").isTrue();
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream()
          .map(e -> e.getName())
          .filter(n -> n.startsWith("org/totpkit/"))
          .forEach(names::add);
    }
    assertThat(names)
        .contains("org/totpkit/mock/ReferenceServer.class", "org/totpkit/mock/ServerParts.class")
        .noneMatch(name -> name.startsWith("org/totpkit/mock/faults/"))
        .noneMatch(name -> name.startsWith("org/totpkit/kit/BrokenReferenceServer"));
  }

  /** The jar carries the contract it certifies against, to render it into every report folder. */
  @Test
  void theKitJarCarriesTheContract() throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("contract/")).forEach(names::add);
    }
    assertThat(names)
        .contains(
            "contract/v3alpha.md", "contract/v2.md", "contract/hooks.md", "contract/README.md");
  }
}

package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupPreloadTest {

  @Test
  void theListNamesTheServersStartInOrder() {
    List<String> names = StartupPreload.names();

    assertThat(names).hasSizeGreaterThan(1000).doesNotHaveDuplicates();
    assertThat(names.get(0)).isEqualTo("org.totpkit.mock.ReferenceServer");
    assertThat(names).contains("com.github.tomakehurst.wiremock.WireMockServer");
    assertThat(names).noneMatch(name -> name.startsWith("#") || name.isBlank());
  }

  /** A stale list only costs time; this keeps it from going stale unnoticed. */
  @Test
  void everyListedClassExistsOnTheServersClassPath() {
    List<String> missing = new ArrayList<>();
    for (String name : StartupPreload.names()) {
      try {
        Class.forName(name, false, StartupPreload.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(name);
      }
    }

    assertThat(missing).isEmpty();
  }

  @Test
  void theListIsMadeWithThePreloadTurnedOff() {
    System.setProperty(StartupPreload.OFF_PROPERTY, "false");
    try {
      assertThat(StartupPreload.start()).isNull();
    } finally {
      System.clearProperty(StartupPreload.OFF_PROPERTY);
    }
  }
}

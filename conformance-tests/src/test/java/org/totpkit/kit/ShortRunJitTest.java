package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The kit's compiler directive through the JVM's own diagnostic command: taken, listed by {@code
 * Compiler.directives_print}, and removed again (on a pattern no code of the test run matches, so
 * this JVM keeps its default compilation).
 */
class ShortRunJitTest {
  private static final String NOTHING_HERE = "org/totpkit/kit/NoSuchClassAnywhere.*";

  @Test
  void theJvmTakesTheDirectiveAndListsIt() {
    String before = ShortRunJit.directives();
    assertThat(before).as("the diagnostic command answers on this JVM").isNotNull();
    assertThat(before).doesNotContain("NoSuchClassAnywhere");

    assertThat(ShortRunJit.exclude(NOTHING_HERE)).isTrue();
    try {
      assertThat(ShortRunJit.directives())
          .contains("NoSuchClassAnywhere")
          .containsIgnoringCase("exclude:true");
    } finally {
      ShortRunJit.removeNewest();
    }
    assertThat(ShortRunJit.directives()).doesNotContain("NoSuchClassAnywhere");
  }

  @Test
  void aDirectiveTheJvmCannotReadIsNotTaken() {
    assertThat(ShortRunJit.exclude("\"broken")).isFalse();
    assertThat(ShortRunJit.directives()).doesNotContain("broken");
  }

  @Test
  void fullKeepsTheDefault() {
    String before = ShortRunJit.directives();
    ShortRunJit.applyUnlessFull("full");
    assertThat(ShortRunJit.directives()).isEqualTo(before);
  }
}

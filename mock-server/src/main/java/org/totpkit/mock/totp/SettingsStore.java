package org.totpkit.mock.totp;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** Where the clock setting and the policy live. */
public interface SettingsStore {
  Settings settings();

  /**
   * Replaces the settings with {@code change} applied, atomically: two concurrent changes both
   * count. {@code change} may run more than once, so it must be pure; when it throws, nothing
   * changes.
   */
  Settings updateSettings(UnaryOperator<Settings> change);

  /** Settings in this process's memory. */
  static SettingsStore inMemory() {
    AtomicReference<Settings> current = new AtomicReference<>(Settings.DEFAULT);
    return new SettingsStore() {
      @Override
      public Settings settings() {
        return current.get();
      }

      @Override
      public Settings updateSettings(UnaryOperator<Settings> change) {
        return current.updateAndGet(change);
      }
    };
  }
}

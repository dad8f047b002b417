package org.totpkit.mock.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.totpkit.mock.junit.TotpMockServerExtension;

/**
 * Resets the mock (fixtures, clock, policy) after every test, so that none leaks into the next:
 *
 * <pre>{@code
 * @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
 * @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);
 * }</pre>
 */
public record ResetAfterEach(TotpMockServerExtension mock) implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) {
    mock.hooks().reset();
  }
}

package org.totpkit.mock.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the reference server for a test class, as {@code @WireMockTest} runs WireMock: one server
 * per class (so classes may run in parallel), a {@link TotpMockRuntimeInfo} injected into test and
 * lifecycle methods, and everything reset after each test.
 *
 * <pre>{@code
 * @TotpMockTest
 * class LoginTest {
 *   @Test
 *   void enrols(TotpMockRuntimeInfo mock) {
 *     CreatedUser user = mock.hooks().createUser();
 *     ... point the client at mock.baseUrl(), then mock.hooks().currentCode(userId, totpId) ...
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TotpMockTestExtension.class)
public @interface TotpMockTest {
  /** The port; 0 (the default) is any free port. */
  int port() default 0;

  /** When not empty, the admin token that guards the hooks and WireMock's admin API. */
  String adminToken() default "";

  /** Whether the server starts with the demo organization, user and token. */
  boolean demoData() default false;

  /**
   * Whether each test starts from a clean server: users, tokens, registrations, clock and policy
   * (the reset hook), and WireMock's stubs, scenarios and journal. Demo data, when on, is back.
   */
  boolean resetBetweenTests() default true;
}

package org.totpkit.mock.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import org.totpkit.mock.totp.Registration;

/** What the store's tests share: a proxy's pass-through call, a registration with a count. */
final class JdbcTesting {
  private JdbcTesting() {}

  /** Calls {@code method} on {@code target}, throwing what it threw (a proxy's pass-through). */
  static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** {@code r} with {@code failures} failed attempts, all else as it is. */
  static Registration withFailures(Registration r, int failures) {
    return counted(r, failures, r.lockedUntil());
  }

  /** {@code r} after one more failed attempt, not locked. */
  static Registration failed(Registration r) {
    return counted(r, r.failedAttempts() + 1, null);
  }

  private static Registration counted(Registration r, int failures, Instant lockedUntil) {
    return new Registration(
        r.totpId(),
        r.userId(),
        r.secret(),
        r.parameters(),
        r.state(),
        r.startedAt(),
        failures,
        lockedUntil);
  }
}

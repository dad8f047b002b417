package org.totpkit.mock.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.totpkit.mock.totp.Registration;

/** What the store's tests share: a proxy's pass-through call, a registration one failure on. */
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

  /** {@code r} after one more failed attempt, not locked. */
  static Registration failed(Registration r) {
    return r.failed(r.failedAttempts() + 1, null);
  }
}

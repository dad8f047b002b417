package org.totpkit.mock.replicas;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks one registration's history of simultaneous right codes: exactly one 200; every other
 * answer 400 with code 9 ("already set up"); and none of those completed before the winner was sent
 * (a "set up" that came back before the winning request left was answered from a state that cannot
 * have existed yet).
 */
final class ExactlyOnceChecker {
  /** One request: when it was sent and when its answer came, on one monotonic clock. */
  record Attempt(int replica, long sentNanos, long completedNanos, int status, int code) {}

  private ExactlyOnceChecker() {}

  /** What is wrong with {@code history}; empty when it is exactly once. */
  static List<String> violations(String registration, List<Attempt> history) {
    List<String> wrong = new ArrayList<>();
    List<Attempt> winners = history.stream().filter(a -> a.status() == 200).toList();
    if (winners.size() != 1) {
      wrong.add(registration + ": " + winners.size() + " answers 200, not exactly one");
    }
    for (Attempt a : history) {
      if (a.status() == 200) {
        continue;
      }
      if (a.status() != 400 || a.code() != 9) {
        wrong.add(
            registration + ": replica " + a.replica() + " answered " + a.status() + "/" + a.code());
      } else if (winners.size() == 1 && a.completedNanos() < winners.get(0).sentNanos()) {
        wrong.add(registration + ": an 'already set up' completed before the winner was sent");
      }
    }
    return wrong;
  }
}

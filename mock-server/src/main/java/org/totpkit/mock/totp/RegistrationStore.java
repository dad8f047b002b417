package org.totpkit.mock.totp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Registrations by totpId. Each transition runs under the map's per-key lock, so two requests for
 * the same registration are serialised while requests for different ones never wait for each other.
 * Not final: the fault switch that proves the kit replaces it with broken stores.
 */
public class RegistrationStore {
  /** What a transition decided: the registration to keep (null removes it) and what to answer. */
  public record Transition<R>(Registration next, R result) {}

  private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

  public void add(Registration registration) {
    registrations.put(registration.totpId(), registration);
  }

  public Optional<Registration> find(String totpId) {
    return Optional.ofNullable(registrations.get(totpId));
  }

  /** Applies {@code step} to the current registration (null when absent) atomically. */
  public <R> R transition(String totpId, Function<Registration, Transition<R>> step) {
    Object[] result = new Object[1];
    registrations.compute(
        totpId,
        (id, current) -> {
          Transition<R> transition = step.apply(current);
          result[0] = transition.result();
          return transition.next();
        });
    @SuppressWarnings("unchecked")
    R answer = (R) result[0];
    return answer;
  }

  public int size() {
    return registrations.size();
  }

  public void clear() {
    registrations.clear();
  }
}

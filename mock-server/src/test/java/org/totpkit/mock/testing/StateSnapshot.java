package org.totpkit.mock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.TotpPolicy;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.User;
import org.totpkit.mock.totp.VirtualClock;

/**
 * What the domain holds, as far as its public surface shows it, to compare before and after a test:
 * the policy, the clock, the organizations, the users and token holders a test knows, and the id
 * counter (anything created draws an id). Registrations have no read on that surface; a test checks
 * them by what they answer. The one place to adapt when the domain's state moves.
 *
 * @param callers in the order of the tokens given, so that no token is kept or printed
 */
public record StateSnapshot(
    TotpPolicy policy,
    VirtualClock.Reading clock,
    Set<Organization> organizations,
    Map<String, Optional<User>> users,
    List<Optional<Caller>> callers,
    long nextId) {

  /** Takes a snapshot; this draws one id, which {@link #assertUnchangedSince} allows for. */
  public static StateSnapshot of(
      TotpService service, Collection<String> userIds, List<String> tokens) {
    Map<String, Optional<User>> users = new LinkedHashMap<>();
    userIds.forEach(id -> users.put(id, service.directory().user(id)));
    return new StateSnapshot(
        service.policy(),
        service.clock().reading(),
        Set.copyOf(service.directory().organizations()),
        users,
        tokens.stream().map(token -> service.directory().caller(token)).toList(),
        Long.parseLong(service.directory().newId()));
  }

  /** Equal to {@code before}, and no id drawn between the two but this snapshot's own. */
  public void assertUnchangedSince(StateSnapshot before) {
    assertThat(withNextId(before.nextId))
        .as("state after, but for the id counter")
        .isEqualTo(before);
    assertThat(nextId).as("ids drawn since the first snapshot").isEqualTo(before.nextId + 1);
  }

  private StateSnapshot withNextId(long id) {
    return new StateSnapshot(policy, clock, organizations, users, callers, id);
  }
}

package org.totpkit.mock.hooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.totpkit.contract.hooks.model.HashAlgorithm;
import org.totpkit.contract.hooks.model.RegistrationState;
import org.totpkit.contract.hooks.model.RegistrationSummary;
import org.totpkit.contract.hooks.model.UserList;
import org.totpkit.contract.hooks.model.UserSummary;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.User;

/**
 * The users and their registrations as the list hooks show them: state, parameters, failures and
 * lock at the server's clock. Never a secret: a registration's key is not copied into any view.
 */
final class UserViews {
  private final TotpService service;

  UserViews(TotpService service) {
    this.service = service;
  }

  /** The newest {@code limit} users, newest first, and how many there are. */
  UserList newest(int limit) {
    TotpStore.Contents contents = service.store().contents();
    Map<String, List<Registration>> byUser = byUser(contents.registrations());
    Instant now = service.clock().instant();
    List<UserSummary> users =
        contents.users().stream()
            .sorted(NEWEST_FIRST)
            .limit(limit)
            .map(user -> summary(user, byUser.getOrDefault(user.id(), List.of()), now))
            .toList();
    return new UserList().users(users).total(contents.users().size());
  }

  /** One user, or null when there is none with that id. */
  UserSummary one(String userId) {
    return service
        .directory()
        .user(userId)
        .map(
            user -> {
              TotpStore.Contents contents = service.store().contents();
              List<Registration> registrations =
                  byUser(contents.registrations()).getOrDefault(userId, List.of());
              return summary(user, registrations, service.clock().instant());
            })
        .orElse(null);
  }

  // Ids come from one growing counter: a larger id is a later user, also when created in one ms.
  private static final Comparator<User> NEWEST_FIRST =
      Comparator.comparing(User::created)
          .thenComparing(user -> user.id().length())
          .thenComparing(User::id)
          .reversed();

  private static Map<String, List<Registration>> byUser(List<Registration> registrations) {
    return registrations.stream().collect(Collectors.groupingBy(Registration::userId));
  }

  private UserSummary summary(User user, List<Registration> registrations, Instant now) {
    Duration pendingTtl = Duration.ofSeconds(service.policy().pendingTtlSeconds());
    return new UserSummary()
        .userId(user.id())
        .orgId(user.orgId())
        .loginName(user.loginName())
        .created(user.created().atOffset(ZoneOffset.UTC))
        .registrations(
            registrations.stream()
                .sorted(
                    Comparator.comparing(Registration::startedAt)
                        .thenComparing(r -> r.totpId().length())
                        .thenComparing(Registration::totpId))
                .map(r -> summary(r, now, pendingTtl))
                .toList());
  }

  private static RegistrationSummary summary(
      Registration registration, Instant now, Duration pendingTtl) {
    boolean locked = registration.lockedAt(now);
    return new RegistrationSummary()
        .totpId(registration.totpId())
        .state(
            registration.state() == Registration.State.VERIFIED
                ? RegistrationState.VERIFIED
                : RegistrationState.PENDING)
        .algorithm(HashAlgorithm.fromValue(registration.parameters().algorithm().name()))
        .digits(registration.parameters().digits())
        .period(registration.parameters().periodSeconds())
        .skew(registration.parameters().skew())
        .startedAt(registration.startedAt().atOffset(ZoneOffset.UTC))
        .failedAttempts(registration.failedAttempts())
        .locked(locked)
        .lockedUntil(locked ? registration.lockedUntil().atOffset(ZoneOffset.UTC) : null)
        .expired(registration.expiredAt(now, pendingTtl));
  }
}

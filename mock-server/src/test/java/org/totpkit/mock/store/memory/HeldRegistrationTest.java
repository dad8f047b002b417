package org.totpkit.mock.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpParameters;
import org.totpkit.mock.totp.TotpStore;

class HeldRegistrationTest {
  private static final TotpParameters SHA1 = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);

  @Test
  void registrationsWhoseIdsDifferOnlyInLeadingZerosAreTwo() {
    MemoryStore store = new MemoryStore();
    Instant now = Instant.ofEpochSecond(1_000);
    byte[] secret = new byte[20];
    for (String id : new String[] {"7", "007"}) {
      assertThat(store.addRegistration(Registration.pending(id, "u", secret, SHA1, now), 10, 10))
          .isEqualTo(TotpStore.Admission.ADDED);
    }
    assertThat(store.registration("7")).map(Registration::totpId).contains("7");
    assertThat(store.registration("007")).map(Registration::totpId).contains("007");
    assertThat(store.contents().registrations())
        .extracting(Registration::totpId)
        .containsExactly("007", "7");
  }

  @Test
  void parametersAndTheUsersIdAreSharedNotCopied() {
    byte[] secret = new byte[20];
    Instant now = Instant.ofEpochSecond(1_000);
    String user = "u";
    HeldRegistration a =
        HeldRegistration.of(
            Registration.pending(
                "1", user, secret, new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1), now),
            user);
    HeldRegistration b =
        HeldRegistration.of(
            Registration.pending(
                "2",
                new String("u"),
                secret,
                new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1),
                now),
            user);
    assertThat(b.parameters()).isSameAs(a.parameters());
    assertThat(b.userId()).isSameAs(a.userId());
    assertThat(b.registration("2"))
        .isEqualTo(Registration.pending("2", "u", secret, SHA1, now))
        .hasToString(Registration.pending("2", "u", secret, SHA1, now).toString());
  }
}

package org.totpkit.mock.faults;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.Settings;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.User;

/**
 * A store that hands every call to a correct engine; a broken store overrides the calls it gets
 * wrong, so that each fault works on every engine.
 */
abstract class ForwardingStore implements TotpStore {
  private final TotpStore engine;

  ForwardingStore(TotpStore engine) {
    this.engine = engine;
  }

  @Override
  public Settings settings() {
    return engine.settings();
  }

  @Override
  public Settings updateSettings(UnaryOperator<Settings> change) {
    return engine.updateSettings(change);
  }

  @Override
  public long newId() {
    return engine.newId();
  }

  @Override
  public Organization addOrganization(Organization org) {
    return engine.addOrganization(org);
  }

  @Override
  public Optional<Organization> organization(String id) {
    return engine.organization(id);
  }

  @Override
  public Admission addUser(User user, Organization org, String token, int maxUsers, int maxTokens) {
    return engine.addUser(user, org, token, maxUsers, maxTokens);
  }

  @Override
  public Optional<User> user(String id) {
    return engine.user(id);
  }

  @Override
  public Admission addToken(String token, Caller caller, Organization org, int maxTokens) {
    return engine.addToken(token, caller, org, maxTokens);
  }

  @Override
  public Optional<Caller> caller(String token) {
    return engine.caller(token);
  }

  @Override
  public Admission addRegistration(Registration registration, int maxPerUser, int maxTotal) {
    return engine.addRegistration(registration, maxPerUser, maxTotal);
  }

  @Override
  public Optional<Registration> registration(String totpId) {
    return engine.registration(totpId);
  }

  @Override
  public <R> R transition(String totpId, Function<Registration, Transition<R>> step) {
    return engine.transition(totpId, step);
  }

  @Override
  public <R> Counted<R> countedTransition(
      String totpId, Function<Registration, Transition<R>> step) {
    return engine.countedTransition(totpId, step);
  }

  @Override
  public OptionalLong sequence(String userId) {
    return engine.sequence(userId);
  }

  @Override
  public Optional<String> ownTotpId(String userId) {
    return engine.ownTotpId(userId);
  }

  @Override
  public Counted<Admission> registerOwnTotp(Registration pending, int maxPerUser, int maxTotal) {
    return engine.registerOwnTotp(pending, maxPerUser, maxTotal);
  }

  @Override
  public boolean claimDemoData() {
    return engine.claimDemoData();
  }

  @Override
  public void clear() {
    engine.clear();
  }

  @Override
  public Contents contents() {
    return engine.contents();
  }

  @Override
  public void close() {
    engine.close();
  }
}

@v2 @core
Feature: Registering a TOTP in the v2 dialect
  ZITADEL's v2 user service gives a user at most one TOTP: none, pending or ready. Registering
  answers a new secret and its Key URI; registering again while the TOTP is pending replaces it
  (the old secret stops verifying), and a ready TOTP is never registered over.

  Background:
    Given a user without a TOTP

  @TOTP-V2-REGISTER-01 @live
  Scenario: Registering answers a secret, its Key URI and the details of the change
    When the user registers a TOTP
    Then the TOTP is registered
    And the details carry the user's sequence as a decimal string, the change date and the user's organization, and no creation date
    And the secret is upper-case Base32 without padding
    And the secret carries at least 128 bits
    And the Key URI carries the secret of the response
    And the Key URI is labelled with its issuer and the user's account name
    And a code computed with the Key URI's algorithm, digits and period verifies the registration

  @TOTP-V2-REGISTER-02 @live
  Scenario: Registering again while the TOTP is pending replaces it
    Given a pending TOTP registration of the user
    When the user registers a TOTP again
    Then the TOTP is registered with a new secret
    And the code of the replaced secret is a wrong code
    And the code of the new secret verifies the TOTP

  @TOTP-V2-REGISTER-03 @live
  Scenario: A ready TOTP is not registered over
    Given a pending TOTP registration of the user
    And the user has verified the registration
    When the user registers a TOTP
    Then the server answers 409 with code 6 and error "COMMAND-do9se"
    And the TOTP is still ready

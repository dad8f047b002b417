@core
Feature: Verifying and removing a TOTP registration
  A pending registration becomes verified with a correct code, exactly once, and can be removed.

  Background:
    Given a user who may manage their own TOTP
    And a pending TOTP registration of the user

  @TOTP-CORE-06 @live
  Scenario: The code of the current step verifies the registration
    When the user verifies the registration with the code of the current step
    Then the registration is verified
    And the details name the user and the user's organization as owner

  @TOTP-CORE-07 @live
  Scenario: A verified registration is not verified a second time
    Given the user has verified the registration
    When the user verifies the registration with the code of the current step
    Then the server answers 400 with code 9 and error "COMMAND-qx4ls"

  @TOTP-CORE-08 @live
  Scenario: A removed registration cannot be verified
    When the user removes the registration
    Then the registration is removed
    When the user verifies the registration with the code of the current step
    Then the server answers 404 with code 5 and error "COMMAND-3Mif9s"

  @TOTP-CORE-09 @live
  Scenario: A verified registration can be removed
    Given the user has verified the registration
    When the user removes the registration
    Then the registration is removed

  @TOTP-CORE-11 @live
  Scenario: A user whose registration is verified starts another, verified and removed on its own
    Given the user has verified the registration
    When the user starts a TOTP registration
    Then the registration is started
    When the user verifies the registration with the code of the current step
    Then the registration is verified
    When the user removes the registration
    Then the registration is removed

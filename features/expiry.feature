@expiry @policy
Feature: Pending registrations expire
  With an OTP policy that gives pending registrations a time to live, a registration that was
  started and not verified in time is treated as one that does not exist. The time to live is read
  when a request arrives, not copied at the start, and a verified registration never expires.

  Background:
    Given a user who may manage their own TOTP
    And the server clock is frozen
    And a pending TOTP registration of the user
    And the OTP policy lets a pending registration live for 300 seconds

  @TOTP-EXPIRY-01 @clock
  Scenario: Within its time to live a pending registration still verifies
    When the server clock advances by 299 seconds
    And the user verifies the registration with the code of the current step
    Then the registration is verified

  @TOTP-EXPIRY-01 @clock
  Scenario: A pending registration older than its time to live is not found
    When the server clock advances by 301 seconds
    And the user verifies the registration with the code of the current step
    Then the server answers 404 with code 5 and error "COMMAND-3Mif9s"
    When the user removes the registration
    Then the server answers 404 with code 5 and error "COMMAND-Hd9sd"

  # Row 11 for remove on its own: no verify before it that could have forgotten the registration.
  @TOTP-EXPIRY-03 @clock
  Scenario: A pending registration older than its time to live is not found when it is removed
    When the server clock advances by 301 seconds
    And the user removes the registration
    Then the server answers 404 with code 5 and error "COMMAND-Hd9sd"

  @TOTP-EXPIRY-02 @clock
  Scenario: A verified registration does not expire
    Given the user has verified the registration
    When the server clock advances by 301 seconds
    And the user removes the registration
    Then the registration is removed

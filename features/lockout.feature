@lockout @policy
Feature: Locking a registration after repeated wrong codes
  With an OTP policy that limits failed attempts, the wrong code that reaches the limit is still an
  invalid code and starts a lock. Until the lock ends on the server's clock every verify, even with
  the correct code, is answered 429 with Retry-After. The count starts again when a lock ends.

  Background:
    Given a user who may manage their own TOTP
    And the OTP policy locks a registration for 120 seconds after 3 failed attempts
    And the server clock is frozen
    And a pending TOTP registration of the user

  @TOTP-LOCKOUT-01 @clock
  Scenario: Reaching the limit locks the registration, even for the correct code
    When the user verifies the registration with 3 wrong codes
    Then each of them is answered 400 with code 3 and error "EVENT-8isk2"
    When the user verifies the registration with the code of the current step
    Then the server answers 429 with code 8
    And the answer says to retry after 120 seconds

  @TOTP-LOCKOUT-02 @clock
  Scenario: Retry-After counts down on the server's clock
    Given the user has locked the registration with 3 wrong codes
    When the server clock advances by 100 seconds
    And the user verifies the registration with the code of the current step
    Then the server answers 429 with code 8
    And the answer says to retry after 20 seconds

  @TOTP-LOCKOUT-03 @clock
  Scenario: Advancing the clock to the end of the lock ends it
    Given the user has locked the registration with 3 wrong codes
    When the server clock advances by 120 seconds
    And the user verifies the registration with the code of the current step
    Then the registration is verified

  @TOTP-LOCKOUT-04 @clock
  Scenario: When a lock ends the count of failures starts again
    Given the user has locked the registration with 3 wrong codes
    And the server clock has advanced by 120 seconds
    When the user verifies the registration with 2 wrong codes
    Then each of them is answered 400 with code 3 and error "EVENT-8isk2"
    When the user verifies the registration with the code of the current step
    Then the registration is verified

  @TOTP-LOCKOUT-05 @clock
  Scenario: Failures below the limit do not lock, and a success clears them
    When the user verifies the registration with 2 wrong codes
    Then each of them is answered 400 with code 3 and error "EVENT-8isk2"
    When the user verifies the registration with the code of the current step
    Then the registration is verified
    When the user verifies the registration with a wrong code of 6 digits
    Then the server answers 400 with code 9 and error "COMMAND-qx4ls"

  @TOTP-LOCKOUT-06 @clock @policy
  Scenario: Each registration of a user counts its own failures
    Given the user has started a second TOTP registration
    When the user verifies the registration with 2 wrong codes
    Then each of them is answered 400 with code 3 and error "EVENT-8isk2"
    When the user turns to the first registration
    And the user verifies the registration with a wrong code of 6 digits
    Then the server answers 400 with code 3 and error "EVENT-8isk2"
    When the user verifies the registration with the code of the current step
    Then the registration is verified

  @TOTP-LOCKOUT-07 @clock
  Scenario: A code the field rules refuse is not a failed attempt
    When the user verifies the registration with a code of 5 digits
    Then the server answers 400 with code 3
    And the error message says the code must have 6 to 9 characters
    When the user verifies the registration with 2 wrong codes
    Then each of them is answered 400 with code 3 and error "EVENT-8isk2"
    When the user verifies the registration with the code of the current step
    Then the registration is verified

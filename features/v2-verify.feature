@v2 @core
Feature: Verifying and removing the TOTP in the v2 dialect
  A pending TOTP becomes ready with a right code, exactly once; a ready or pending TOTP can be
  removed, and then there is none to verify or remove. Every change moves the user's sequence on by
  exactly one.

  Background:
    Given a user without a TOTP
    And a pending TOTP registration of the user

  @TOTP-V2-VERIFY-01 @live
  Scenario: The code of the current step makes the TOTP ready
    When the user verifies the registration with the code of the current step
    Then the registration is verified

  @TOTP-V2-VERIFY-02 @live
  Scenario: A ready TOTP is not verified a second time
    Given the user has verified the registration
    When the user verifies the registration with the code of the current step
    Then the server answers 400 with code 9 and error "COMMAND-qx4ls"

  @TOTP-V2-REMOVE-01 @live
  Scenario Outline: A <state> TOTP is removed, and then there is none to verify or remove
    Given the user's TOTP is <state>
    When the user removes the registration
    Then the registration is removed
    When the user verifies the registration with the code of the current step
    Then the server answers 404 with code 5 and error "COMMAND-3Mif9s"
    When the user removes the registration
    Then the server answers 404 with code 5 and error "COMMAND-Hd9sd"

    Examples:
      | state   |
      | pending |
      | ready   |

  @TOTP-V2-DETAILS-01 @live
  Scenario: Every change of the user moves its sequence on by exactly one
    Given the sequence the registration answered
    When the user verifies the registration with the code of the current step
    Then the sequence has grown by exactly one
    When the user removes the registration
    Then the sequence has grown by exactly one
    When the user registers a TOTP
    Then the sequence has grown by exactly one

  @TOTP-V2-DETAILS-02 @clock
  Scenario: The change date is the time of the change on the server's clock
    Given the server clock is frozen at unix time 2000000000
    When the user registers a TOTP
    Then the change date is the server clock's time

  @TOTP-V2-LOCKOUT-01 @live @lockout
  Scenario: No number of wrong codes locks the TOTP
    When the user verifies the registration with 12 wrong codes
    Then each of them is answered 400 with code 3 and error "EVENT-8isk2"
    When the user verifies the registration with the code of the current step
    Then the registration is verified

  @TOTP-V2-REPLAY-01 @live @replay
  Scenario: Of many simultaneous right codes exactly one makes the TOTP ready
    When 16 verifications with the code of the current step arrive at once
    Then exactly one of them verifies the registration
    And every other one is answered 400 with code 9 and error "COMMAND-qx4ls"

  @TOTP-V2-NOTFOUND-01 @live
  Scenario Outline: Trying to <operation> of an unknown user is answered <status> with code <code>
    When the user tries to <operation> of an unknown user
    Then the server answers <status> with code <code> and error "<error>"

    Examples:
      | operation                  | status | code | error         |
      | start a registration       | 400    | 9    | COMMAND-SqyJz |
      | verify a registration      | 404    | 5    | COMMAND-4g3xq |
      | remove a registration      | 404    | 5    | COMMAND-Hd9sd |

  @TOTP-V2-NOTFOUND-02 @hooks
  Scenario: Another user's TOTP is not found under a user without one
    Given another user of the user's organization, calling with their own token
    When that caller verifies their own TOTP with the code of the user's registration
    Then the server answers 404 with code 5 and error "COMMAND-3Mif9s"
    When that caller removes their own TOTP
    Then the server answers 404 with code 5 and error "COMMAND-Hd9sd"
    And the registration is still pending

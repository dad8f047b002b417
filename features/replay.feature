@replay
Feature: A registration is verified exactly once
  RFC 6238 §5.2: once verified, a registration never verifies again, even when many correct
  submissions arrive at the same moment.

  Background:
    Given a user who may manage their own TOTP
    And a pending TOTP registration of the user

  @TOTP-REPLAY-01 @live
  Scenario: Of 32 simultaneous correct submissions exactly one verifies
    When 32 verifications with the code of the current step arrive at once
    Then exactly one of them verifies the registration
    And every other one is answered 400 with code 9 and error "COMMAND-qx4ls"

  @TOTP-REPLAY-02 @live
  Scenario: A code that verified the registration is not accepted again
    Given the user has verified the registration
    When the user sends the same code again
    Then the server answers 400 with code 9 and error "COMMAND-qx4ls"

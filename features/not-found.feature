@core
Feature: Users and registrations that do not exist
  A registration that was never started, was removed, or belongs to somebody else is not found, and
  neither is an unknown user.

  Background:
    Given a user who may manage their own TOTP

  @TOTP-NOTFOUND-01 @live
  Scenario Outline: An unknown user is not found when the user tries to <operation>
    When the user tries to <operation> of an unknown user
    Then the server answers 404 with code 5 and error "COMMAND-4g3xq"

    Examples:
      | operation                  |
      | start a registration       |
      | verify a registration      |
      | remove a registration      |

  @TOTP-NOTFOUND-02 @live
  Scenario Outline: A registration id that was never issued is not found when the user tries to <operation>
    When the user tries to <operation> with a registration id that was never issued
    Then the server answers 404 with code 5 and error "<error>"

    Examples:
      | operation | error         |
      | verify    | COMMAND-3Mif9s |
      | remove    | COMMAND-Hd9sd |

  @TOTP-NOTFOUND-03 @hooks
  Scenario: Another user's registration is not found under the user
    Given another user with a pending TOTP registration
    When the user verifies the other user's registration, under their own user id, with its current code
    Then the server answers 404 with code 5 and error "COMMAND-3Mif9s"
    And the other user's registration is still pending

  @TOTP-NOTFOUND-03 @hooks
  Scenario: Another user's registration is not removed under the user
    Given another user with a pending TOTP registration
    When the user removes the other user's registration, under their own user id
    Then the server answers 404 with code 5 and error "COMMAND-Hd9sd"
    And the other user's registration is still pending

  @TOTP-NOTFOUND-04 @live
  Scenario: A removed registration is not found when it is removed again
    Given a pending TOTP registration of the user
    And the user has removed the registration
    When the user removes the registration
    Then the server answers 404 with code 5 and error "COMMAND-Hd9sd"

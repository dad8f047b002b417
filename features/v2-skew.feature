@v2 @skew
Feature: The v2 acceptance window around the server's time
  The v2 verifier accepts the code of the current step and of one step either side, and refuses the
  codes of steps further away. Black box, every code is computed from the issued secret and the
  current time, avoiding the last seconds of a step: nothing waits for a step to pass.

  Background:
    Given a user without a TOTP

  @TOTP-V2-SKEW-01 @live
  Scenario Outline: The code of the <step> verifies
    Given a pending TOTP registration of the user
    When the user verifies the registration with the code of the <step>
    Then the registration is verified

    Examples:
      | step          |
      | previous step |
      | current step  |
      | next step     |

  @TOTP-V2-SKEW-02 @live
  Scenario Outline: The code of the step <distance> is refused
    Given a pending TOTP registration of the user
    When the user verifies the registration with the code of the step <distance>
    Then the server answers 400 with code 3 and error "EVENT-8isk2"
    And the registration is still pending

    Examples:
      | distance         |
      | two steps before |
      | two steps after  |

  @TOTP-V2-SKEW-03 @clock
  Scenario Outline: With the server clock at <moment>, the code of step <step> is <verdict>
    Given the server clock is frozen at <moment>
    And a pending TOTP registration of the user
    When the user verifies the registration with the code of step <step>
    Then the code is <verdict>

    Examples:
      | moment                       | step | verdict  |
      | the last second of step T    | T-2  | refused  |
      | the last second of step T    | T-1  | accepted |
      | the last second of step T    | T    | accepted |
      | the last second of step T    | T+1  | accepted |
      | the last second of step T    | T+2  | refused  |
      | the first second of step T+1 | T-1  | refused  |
      | the first second of step T+1 | T+2  | accepted |

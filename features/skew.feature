@skew
Feature: The acceptance window around the server's time
  The server accepts the code of the current step and of one step either side (skew 1), and refuses
  the codes of steps further away. The black-box scenarios compute every code from the issued
  secret and the current time, and never wait for a step to pass.

  Background:
    Given a user who may manage their own TOTP

  @TOTP-SKEW-01 @live
  Scenario Outline: The code of the <step> verifies
    Given a pending TOTP registration of the user
    When the user verifies the registration with the code of the <step>
    Then the registration is verified

    Examples:
      | step          |
      | previous step |
      | current step  |
      | next step     |

  @TOTP-SKEW-02 @live
  Scenario Outline: The code of the step <distance> is refused
    Given a pending TOTP registration of the user
    When the user verifies the registration with the code of the step <distance>
    Then the server answers 400 with code 3 and error "EVENT-8isk2"
    And the registration is still pending

    Examples:
      | distance         |
      | two steps before |
      | two steps after  |

  @TOTP-SKEW-03 @clock
  Scenario Outline: With the server clock at <moment>, the code of step <step> is <verdict>
    Given the server clock is frozen at <moment>
    And a pending TOTP registration of the user
    When the user verifies the registration with the code of step <step>
    Then the code is <verdict>

    Examples:
      | moment                       | step | verdict  |
      | the last second of step T    | T-3  | refused  |
      | the last second of step T    | T-2  | refused  |
      | the last second of step T    | T-1  | accepted |
      | the last second of step T    | T    | accepted |
      | the last second of step T    | T+1  | accepted |
      | the last second of step T    | T+2  | refused  |
      | the last second of step T    | T+3  | refused  |
      | the first second of step T+1 | T-1  | refused  |
      | the first second of step T+1 | T    | accepted |
      | the first second of step T+1 | T+1  | accepted |
      | the first second of step T+1 | T+2  | accepted |
      | the first second of step T+1 | T+3  | refused  |

  @TOTP-SKEW-04 @clock
  Scenario: The window moves with the server clock
    Given the server clock is frozen at the last second of step T
    And a pending TOTP registration of the user
    When the user verifies the registration with the code of step T+2
    Then the code is refused
    When the server clock advances by 1 second
    And the user verifies the registration with the code of step T+2
    Then the code is accepted

  @TOTP-SKEW-05 @clock @policy
  Scenario Outline: A registration started under a policy of skew <skew> finds the code of step <step> <verdict>
    Given the OTP policy's skew is <skew>
    And the server clock is frozen at the last second of step T
    And a pending TOTP registration of the user
    When the user verifies the registration with the code of step <step> under that policy
    Then the code is <verdict>

    Examples:
      | skew | step | verdict  |
      | 0    | T-1  | refused  |
      | 0    | T    | accepted |
      | 2    | T+2  | accepted |
      | 2    | T-3  | refused  |

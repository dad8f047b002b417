@core
Feature: Who may start, verify and remove a registration
  Every call needs a bearer token. The user may manage their own TOTP, an administrator of the
  user's organization may too, and anybody else is refused without learning anything.

  Background:
    Given a user who may manage their own TOTP
    And a pending TOTP registration of the user

  @TOTP-AUTH-01 @live
  Scenario Outline: A caller <credentials> may not <operation>
    When a caller <credentials> tries to <operation>
    Then the server answers 401 with code 16
    And the error message says "<message>"
    And the registration is still pending

    Examples:
      | credentials                             | operation                  | message              |
      | without a token                         | start a registration       | auth header missing  |
      | without a token                         | verify the registration    | auth header missing  |
      | without a token                         | remove the registration    | auth header missing  |
      | with a token lacking the Bearer prefix  | start a registration       | AUTH-toLo1           |
      | with a token lacking the Bearer prefix  | verify the registration    | AUTH-toLo1           |
      | with a token lacking the Bearer prefix  | remove the registration    | AUTH-toLo1           |
      | with an unknown token                   | start a registration       | AUTH-7fs1e           |
      | with an unknown token                   | verify the registration    | AUTH-7fs1e           |
      | with an unknown token                   | remove the registration    | AUTH-7fs1e           |

  # grpc-gateway adds the challenge; gRPC, gRPC-Web and Connect carry only the status.
  @TOTP-AUTH-01 @live @rest
  Scenario Outline: A 401 for a caller <credentials> carries a WWW-Authenticate header
    When a caller <credentials> tries to start a registration
    Then the server answers 401 with code 16
    And the answer carries a WWW-Authenticate header

    Examples:
      | credentials                             |
      | without a token                         |
      | with a token lacking the Bearer prefix  |
      | with an unknown token                   |

  # ... and WWW-Authenticate belongs to REST: an RPC 401 carries the status alone.
  @TOTP-AUTH-01 @live @rpc
  Scenario Outline: A 401 over RPC for a caller <credentials> carries no WWW-Authenticate
    When a caller <credentials> tries to start a registration
    Then the server answers 401 with code 16
    And the answer carries no WWW-Authenticate header

    Examples:
      | credentials                             |
      | without a token                         |
      | with an unknown token                   |

  @TOTP-AUTH-02 @live
  Scenario Outline: Another user may not <operation>
    Given another user without permission in the user's organization
    When the other user tries to <operation>
    Then the server answers 403 with code 7 and error "AUTH-AWfge"
    And the registration is still pending

    Examples:
      | operation               |
      | start a registration    |
      | verify the registration |
      | remove the registration |

  @TOTP-AUTH-03 @live
  Scenario: An administrator of the user's organization may start, verify and remove
    Given an administrator of the user's organization
    When the administrator starts a TOTP registration for the user
    Then the registration is started
    When the administrator verifies the registration with the code of the current step
    Then the registration is verified
    When the administrator removes the registration
    Then the registration is removed

  @TOTP-AUTH-04 @hooks
  Scenario Outline: With only <permission> in the user's organization, a caller's attempt to <operation> is <outcome>
    Given a caller holding only <permission> in the user's organization
    When that caller tries to <operation>
    Then the call is <outcome>

    Examples:
      | permission            | operation               | outcome |
      | user.credential.write | start a registration    | served  |
      | user.credential.write | verify the registration | served  |
      | user.credential.write | remove the registration | refused |
      | user.write            | start a registration    | refused |
      | user.write            | verify the registration | refused |
      | user.write            | remove the registration | served  |

  @TOTP-AUTH-05 @hooks
  Scenario Outline: Both permissions in another organization do not let a caller <operation>
    Given a caller holding user.credential.write and user.write in another organization
    When that caller tries to <operation>
    Then the call is refused

    Examples:
      | operation               |
      | start a registration    |
      | verify the registration |
      | remove the registration |

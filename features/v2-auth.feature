@v2 @core
Feature: Who may register, verify and remove a TOTP in the v2 dialect
  Every call needs a bearer token. The user may manage its own TOTP, and a caller holding the
  permission in the user's organization may too: user.credential.write to register and verify,
  user.write to remove. A caller with a membership but not the permission is refused with 403; a
  caller with no membership at all is told the membership was not found (404). Remove looks the
  TOTP up before the permission.

  Background:
    Given a user without a TOTP
    And a pending TOTP registration of the user

  @TOTP-V2-AUTH-01 @live
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

  @TOTP-V2-AUTH-02 @live
  Scenario Outline: A caller with a membership but without user.credential.write may not <operation>
    Given a caller with a membership but no permission in the user's organization
    When that caller tries to <operation>
    Then the server answers 403 with code 7 and error "AUTH-AWfge"
    And the registration is still pending

    # Remove needs user.write, which other.token may hold on a deployment: TOTP-V2-AUTH-05 shows it.
    Examples:
      | operation               |
      | start a registration    |
      | verify the registration |

  @TOTP-V2-AUTH-02 @live
  Scenario Outline: A caller without user.credential.write learns nothing of a TOTP the user has <changed>
    Given a caller with a membership but no permission in the user's organization
    And the user has <changed> the registration
    When that caller tries to verify the registration
    Then the server answers 403 with code 7 and error "AUTH-AWfge"

    Examples:
      | changed  |
      | removed  |
      | verified |

  @TOTP-V2-AUTH-03 @hooks
  Scenario Outline: Another end user, with no membership at all, may not <operation>
    Given another user of the user's organization, calling with their own token
    When that caller tries to <operation>
    Then the server answers 404 with code 5 and error "AUTHZ-cdgFk"
    And the registration is still pending

    Examples:
      | operation               |
      | start a registration    |
      | verify the registration |
      | remove the registration |

  @TOTP-V2-AUTH-04 @live
  Scenario: Remove tells a caller without the permission that there is no TOTP before it checks the permission
    Given a caller with a membership but no permission in the user's organization
    And the user has removed the registration
    When that caller tries to remove the registration
    Then the server answers 404 with code 5 and error "COMMAND-Hd9sd"

  @TOTP-V2-AUTH-05 @hooks
  Scenario Outline: A caller holding only <permission> <outcome> when it tries to <operation>
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

  @TOTP-V2-AUTH-06 @live
  Scenario: The user manages its own TOTP with its own token
    Given the user calls with their own token
    When the user registers a TOTP
    And the user verifies the registration with the code of the current step
    Then the registration is verified
    When the user removes the registration
    Then the registration is removed

@v2 @input
Feature: What the v2 verifier makes of a code
  Upstream's verifier trims the whitespace around a code, and then any length other than 6 is a
  wrong code, not a field-rule error. The field rules only bound the text: a code and a user id have
  1 to 200 characters.

  Background:
    Given a user without a TOTP
    And a pending TOTP registration of the user

  @TOTP-V2-INPUT-01 @live
  Scenario Outline: The code of the current step with <whitespace> around it verifies
    When the user verifies the registration with the code of the current step with <whitespace> around it
    Then the registration is verified

    Examples:
      | whitespace        |
      | spaces            |
      | a tab and a newline |

  @TOTP-V2-INPUT-02 @live
  Scenario Outline: A code of <length> characters is a wrong code, and the TOTP stays pending
    When the user verifies the registration with a wrong code of <length> digits
    Then the server answers 400 with code 3 and error "EVENT-8isk2"
    And the registration is still pending

    Examples:
      | length |
      | 1      |
      | 5      |
      | 7      |
      | 9      |
      | 200    |

  @TOTP-V2-INPUT-03 @live
  Scenario Outline: A <field> outside 1 to 200 characters breaks a field rule
    When the user verifies with <field> of <length> characters
    Then the error body is a status with HTTP 400, code 3 and error "none"
    And the registration is still pending

    Examples:
      | field     | length |
      | a code    | 0      |
      | a code    | 201    |
      | a user id | 201    |

  @TOTP-V2-INPUT-04 @live
  Scenario: A request field the contract does not have is ignored
    When the user verifies the registration with the code of the current step in a request that also carries a field the contract does not have
    Then the registration is verified

  @TOTP-V2-INPUT-03 @live
  Scenario Outline: A <field> of <length> characters outside the Basic Multilingual Plane is measured in characters
    When the user verifies with <field> of <length> characters outside the Basic Multilingual Plane
    Then the error body is a status with HTTP <status>, code <code> and error "<error>"
    And the registration is still pending

    Examples:
      | field     | length | status | code | error         |
      | a code    | 200    | 400    | 3    | EVENT-8isk2   |
      | a code    | 201    | 400    | 3    | none          |
      | a user id | 200    | 404    | 5    | COMMAND-4g3xq |
      | a user id | 201    | 400    | 3    | none          |

  @TOTP-V2-INPUT-05 @live @rest
  Scenario: A userId in the body is ignored: the path's user is served
    When the user verifies the registration with the code of the current step in a body that also names another user
    Then the registration is verified

  @TOTP-V2-INPUT-05 @live @rest
  Scenario: An empty register body is the empty message
    When the user registers a TOTP with an empty body
    Then the call is served

@input
Feature: The format of a code
  A code is exactly the registration's number of ASCII digits, sent as a bare JSON string. Anything
  else is refused with a contract error, and never verifies the registration.

  Background:
    Given a user who may manage their own TOTP
    And a pending TOTP registration of the user

  @TOTP-INPUT-01 @live
  Scenario Outline: A code of <length> characters is refused for its length
    When the user verifies the registration with a code of <length> digits
    Then the server answers 400 with code 3
    And the error message says the code must have 6 to 9 characters
    And the registration is still pending

    Examples:
      | length |
      | 5      |
      | 10     |

  @TOTP-INPUT-02 @live
  Scenario Outline: A wrong code of <digits> digits is refused
    When the user verifies the registration with a wrong code of <digits> digits
    Then the server answers 400 with code 3 and error "EVENT-8isk2"
    And the registration is still pending

    Examples:
      | digits |
      | 6      |
      | 7      |
      | 8      |
      | 9      |

  @TOTP-INPUT-03 @live
  Scenario Outline: The current code written with <form> never verifies
    When the user verifies the registration with the code of the current step written with <form>
    Then the server answers 400 with code 3
    And the registration is still pending

    Examples:
      | form                          |
      | Arabic-Indic digits           |
      | extended Arabic-Indic digits  |
      | full-width digits             |
      | a letter in place of a digit  |
      | a leading plus sign           |
      | a leading minus sign          |
      | an extra leading zero         |
      | a leading space               |
      | a trailing space              |
      | a trailing newline            |

  # The HTTP rule maps the body to the field code; the RPC protocols carry the field itself.
  @TOTP-INPUT-04 @live @rest
  Scenario Outline: A verify body that is not a bare JSON string is refused
    When the user sends the code of the current step as <body>
    Then the server answers 400 with code 3
    And the registration is still pending

    Examples:
      | body                           |
      | a JSON number                  |
      | a JSON object with a code field |
      | JSON null                      |
      | a JSON array                   |
      | broken JSON                    |
      | an empty body                  |

  @TOTP-INPUT-05 @live @rest
  Scenario: A body that is not a JSON string is refused before the caller is checked
    When a caller without a token sends the code of the current step as a JSON number
    Then the server answers 400 with code 3
    And the registration is still pending

  @TOTP-INPUT-06 @live
  Scenario Outline: A <which> id of 201 characters is refused as invalid when the user tries to <operation>
    When the user tries to <operation> with a <which> id of 201 characters
    Then the error body is a status with HTTP 400, code 3 and error "none"
    And the registration is still pending

    Examples:
      | which        | operation |
      | user         | start     |
      | user         | verify    |
      | registration | verify    |
      | registration | remove    |

  # The field rules count code points, not UTF-16 units: each of these characters is two units.
  @TOTP-INPUT-07 @live
  Scenario Outline: A <which> id of <length> characters outside the BMP is counted in code points when the user tries to <operation>
    When the user tries to <operation> with a <which> id of <length> characters outside the Basic Multilingual Plane
    Then the error body is a status with HTTP <status>, code <code> and error "<error>"
    And the registration is still pending

    Examples:
      | operation | which        | length | status | code | error          |
      | start     | user         | 200    | 404    | 5    | COMMAND-4g3xq  |
      | verify    | user         | 200    | 404    | 5    | COMMAND-4g3xq  |
      | remove    | user         | 200    | 404    | 5    | COMMAND-4g3xq  |
      | verify    | registration | 200    | 404    | 5    | COMMAND-3Mif9s |
      | remove    | registration | 200    | 404    | 5    | COMMAND-Hd9sd  |
      | start     | user         | 201    | 400    | 3    | none           |
      | verify    | registration | 201    | 400    | 3    | none           |

  @TOTP-INPUT-08 @live
  Scenario: A code of 6 characters outside the BMP passes the length rule and is a wrong code
    When the user verifies the registration with a code of 6 characters outside the Basic Multilingual Plane
    Then the server answers 400 with code 3 and error "EVENT-8isk2"
    And the registration is still pending

  # Row 3 for every JSON value that is not a string: refused as not decoding, before the field rules.
  @TOTP-INPUT-09 @live @rest
  Scenario Outline: A verify body of <body> is refused as a body that does not decode
    When the user sends the code of the current step as <body>
    Then the error body is a status with HTTP 400, code 3 and error "none"
    And the error message is not a field rule's
    And the registration is still pending

    Examples:
      | body                                    |
      | JSON true                               |
      | JSON false                              |
      | JSON null                               |
      | a JSON number                           |
      | a nested JSON array                     |
      | a JSON object with an object code field |

@core
Feature: Starting a TOTP registration
  A user starts a registration and receives what an authenticator app needs: a secret and a Key URI
  that agree with each other and with what the server will accept later.

  Background:
    Given a user who may manage their own TOTP

  @TOTP-CORE-01 @live
  Scenario: The start response describes a pending registration of the user
    When the user starts a TOTP registration
    Then the registration is started
    And the details name the user and the user's organization as owner
    And the registration id is a decimal number

  @TOTP-CORE-02 @live
  Scenario: The secret is upper-case Base32 without padding, at least 128 bits long
    When the user starts a TOTP registration
    Then the secret is upper-case Base32 without padding
    And the secret carries at least 128 bits

  @TOTP-CORE-03 @live
  Scenario: Two registrations never share a secret
    When the user starts two TOTP registrations
    Then the two registrations have different ids and different secrets

  @TOTP-CORE-04 @live
  Scenario: The Key URI agrees with the response and with the verifier
    When the user starts a TOTP registration
    Then the Key URI carries the secret of the response
    And the Key URI is labelled with its issuer and the user's account name
    And a code computed with the Key URI's algorithm, digits and period verifies the registration

  @TOTP-CORE-05 @hooks @policy
  Scenario: The Key URI follows the OTP policy, and so does the verifier
    Given the OTP policy asks for SHA256, 8 digits, a 60 second period and the issuer "Kit Conformance"
    When the user starts a TOTP registration
    Then the Key URI names SHA256, 8 digits, a 60 second period and the issuer "Kit Conformance"
    And a code computed with the Key URI's algorithm, digits and period verifies the registration

  @TOTP-CORE-12 @clock
  Scenario: details.created is the user's creation and details.changed this change, as protojson writes them
    Given the server clock is frozen at the instant 2033-05-18T03:33:20.120Z
    When the user starts a TOTP registration
    Then the registration is started
    And details.changed is the server clock's time, written "2033-05-18T03:33:20.120Z"
    And details.created is the user's creation
    When the server clock advances by 30 seconds
    And the user verifies the registration with the code of the current step
    Then the registration is verified
    And details.changed is the server clock's time, written "2033-05-18T03:33:50.120Z"
    And details.created is the user's creation

  @TOTP-CORE-10 @live @rest
  Scenario Outline: A start request's body is ignored: <body>
    When the user starts a TOTP registration with <body> as the request body
    Then the registration is started
    And a code computed with the Key URI's algorithm, digits and period verifies the registration

    Examples:
      | body          |
      | a JSON object |
      | a JSON string |
      | broken JSON   |

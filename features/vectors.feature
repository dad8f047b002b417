@vectors
Feature: RFC 6238 test vectors, through imported registrations
  A registration imported with a known seed, checked at a frozen server time, must accept exactly
  the codes that RFC 6238 (Appendix B, with the per-hash seeds of erratum 2866) and the project's
  derived vectors give. These codes are public test data, not issued secrets.

  Background:
    Given a user who may manage their own TOTP

  @TOTP-VECTORS-01 @clock
  Scenario Outline: RFC 6238 Appendix B: <algorithm> at unix time <time> gives <code>
    Given a pending registration imported with the RFC 6238 <algorithm> seed, <digits> digits and a 30 second period
    And the server clock is frozen at unix time <time>
    When the user verifies the registration with the code "<code>"
    Then the registration is verified

    Examples:
      | algorithm | time        | digits | code     |
      | SHA1      | 59          | 8      | 94287082 |
      | SHA256    | 59          | 8      | 46119246 |
      | SHA512    | 59          | 8      | 90693936 |
      | SHA1      | 1111111109  | 8      | 07081804 |
      | SHA256    | 1111111109  | 8      | 68084774 |
      | SHA512    | 1111111109  | 8      | 25091201 |
      | SHA1      | 1111111111  | 8      | 14050471 |
      | SHA256    | 1111111111  | 8      | 67062674 |
      | SHA512    | 1111111111  | 8      | 99943326 |
      | SHA1      | 1234567890  | 8      | 89005924 |
      | SHA256    | 1234567890  | 8      | 91819424 |
      | SHA512    | 1234567890  | 8      | 93441116 |
      | SHA1      | 2000000000  | 8      | 69279037 |
      | SHA256    | 2000000000  | 8      | 90698825 |
      | SHA512    | 2000000000  | 8      | 38618901 |
      | SHA1      | 20000000000 | 8      | 65353130 |
      | SHA256    | 20000000000 | 8      | 77737706 |
      | SHA512    | 20000000000 | 8      | 47863826 |

  @TOTP-VECTORS-02 @clock
  Scenario Outline: Derived: SHA1 at unix time <time> with <digits> digits gives <code>
    Given a pending registration imported with the RFC 6238 SHA1 seed, <digits> digits and a 30 second period
    And the server clock is frozen at unix time <time>
    When the user verifies the registration with the code "<code>"
    Then the registration is verified

    Examples:
      | time        | digits | code      |
      | 59          | 6      | 287082    |
      | 59          | 7      | 4287082   |
      | 59          | 9      | 094287082 |
      | 1111111109  | 6      | 081804    |
      | 1111111109  | 7      | 7081804   |
      | 1111111109  | 9      | 907081804 |
      | 1111111111  | 6      | 050471    |
      | 1111111111  | 7      | 4050471   |
      | 1111111111  | 9      | 414050471 |
      | 1234567890  | 6      | 005924    |
      | 1234567890  | 7      | 9005924   |
      | 1234567890  | 9      | 689005924 |
      | 2000000000  | 6      | 279037    |
      | 2000000000  | 7      | 9279037   |
      | 2000000000  | 9      | 069279037 |
      | 20000000000 | 6      | 353130    |
      | 20000000000 | 7      | 5353130   |
      | 20000000000 | 9      | 465353130 |

  @TOTP-VECTORS-03 @clock
  Scenario Outline: The all-zero code is a real code: <digits> digits at unix time 1522516590 give <code>
    Given a pending registration imported with the RFC 6238 SHA1 seed, <digits> digits and a 30 second period
    And the server clock is frozen at unix time 1522516590
    When the user verifies the registration with the code "<code>"
    Then the registration is verified

    Examples:
      | digits | code      |
      | 6      | 000000    |
      | 7      | 9000000   |
      | 8      | 79000000  |
      | 9      | 979000000 |

  @TOTP-VECTORS-04 @clock
  Scenario Outline: Leading zeros are significant: <wrong> is not <code>
    Given a pending registration imported with the RFC 6238 SHA1 seed, 6 digits and a 30 second period
    And the server clock is frozen at unix time <time>
    When the user verifies the registration with the code "<wrong>"
    Then the server answers 400 with code 3 and error "EVENT-8isk2"
    When the user verifies the registration with the code "<code>"
    Then the registration is verified

    Examples:
      | time       | code   | wrong    |
      | 1522516590 | 000000 | 0000000  |
      | 1522516590 | 000000 | 00000000 |
      | 1234567890 | 005924 | 0005924  |
      | 1111111109 | 081804 | 0081804  |

  @TOTP-VECTORS-05 @clock
  Scenario Outline: Around unix time 1111111111, the <algorithm> code of unix time <time> is <verdict>
    Given a pending registration imported with the RFC 6238 <algorithm> seed, 6 digits and a 30 second period
    And the server clock is frozen at unix time 1111111111
    When the user verifies the registration with the code "<code>"
    Then the code is <verdict>

    Examples:
      | algorithm | time       | code   | verdict  |
      | SHA1      | 1111111021 | 150727 | refused  |
      | SHA1      | 1111111051 | 731029 | refused  |
      | SHA1      | 1111111081 | 081804 | accepted |
      | SHA1      | 1111111111 | 050471 | accepted |
      | SHA1      | 1111111141 | 266759 | accepted |
      | SHA1      | 1111111171 | 306183 | refused  |
      | SHA1      | 1111111201 | 466594 | refused  |
      | SHA256    | 1111111021 | 413872 | refused  |
      | SHA256    | 1111111051 | 122905 | refused  |
      | SHA256    | 1111111081 | 084774 | accepted |
      | SHA256    | 1111111111 | 062674 | accepted |
      | SHA256    | 1111111141 | 267535 | accepted |
      | SHA256    | 1111111171 | 096086 | refused  |
      | SHA256    | 1111111201 | 328915 | refused  |
      | SHA512    | 1111111021 | 105172 | refused  |
      | SHA512    | 1111111051 | 442138 | refused  |
      | SHA512    | 1111111081 | 091201 | accepted |
      | SHA512    | 1111111111 | 943326 | accepted |
      | SHA512    | 1111111141 | 914268 | accepted |
      | SHA512    | 1111111171 | 458206 | refused  |
      | SHA512    | 1111111201 | 904717 | refused  |

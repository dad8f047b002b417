@input
Feature: The order of the error table, pair by pair
  A request is checked against the rows of the error table in their order, and the first row that
  fails answers. So a request that breaks two rows at once is answered by the earlier one. The
  pairs are not written here one by one: the kit reads the error table from the contract it
  carries, knows for each row how to make a request break it, and sends every pair of rows that
  one request can break together, on every transport (rows 1 to 3 are REST's own). Every pair that
  is answered otherwise is reported by name.

  Background:
    Given the users, tokens and registrations that break each row of the error table

  @TOTP-ORDER-01 @hooks
  Scenario Outline: A <operation> request that breaks two rows is answered by the earlier row
    When every pair of rows that one <operation> request can break is sent
    Then every pair is answered by its earlier row

    Examples:
      | operation |
      | start     |
      | remove    |

  # Row 13 needs a locked registration, so this scenario changes the OTP policy.
  @TOTP-ORDER-01 @hooks @policy
  Scenario: A verify request that breaks two rows is answered by the earlier row
    Given a registration of the user locked by the lockout policy
    When every pair of rows that one verify request can break is sent
    Then every pair is answered by its earlier row

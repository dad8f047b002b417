@v2 @input
Feature: The order of the v2 error table, pair by pair
  Every v2 operation is checked against the shared rows, then its own, in order, and the first
  that fails answers: a request that breaks two rows is answered by the earlier one (so RemoveTOTP
  reports a missing TOTP before a missing permission, and RegisterTOTP an unknown user before it).
  The kit reads the tables from the contract it carries and sends every pair of rows one request
  can break together, on every transport, reporting every pair answered otherwise by name.

  Background:
    Given the users, tokens and registrations that break each row of the error table

  @TOTP-V2-ORDER-01 @hooks
  Scenario Outline: A <operation> request that breaks two rows is answered by the earlier row
    When every pair of rows that one <operation> request can break is sent
    Then every pair is answered by its earlier row

    Examples:
      | operation |
      | register  |
      | verify    |
      | remove    |

@core
Feature: Calls scoped to an instance or an organization
  Every call may name the instance it is meant for and the organization it expects the user in. A
  call that names another instance, or an organization that is not the user's, finds nothing and
  changes nothing; one that names the user's own organization is served as usual.

  Background:
    Given a user who may manage their own TOTP
    And a pending TOTP registration of the user

  @TOTP-SCOPE-01 @live
  Scenario Outline: A call to <operation> scoped to <scope> is not found
    When the user tries to <operation>, scoped to <scope>
    Then the error body is a status with HTTP 404, code 5 and error "none"
    And the registration is still pending

    Examples:
      | operation               | scope                                     |
      | start a registration    | another organization by id                |
      | verify the registration | another organization by id                |
      | remove the registration | another organization by id                |
      | verify the registration | another organization by its snake_case id |
      | start a registration    | an unknown organization domain            |
      | remove the registration | an unknown organization domain            |
      | start a registration    | another instance by id                    |
      | verify the registration | another instance by id                    |
      | remove the registration | another instance by domain                |

  @TOTP-SCOPE-02 @live
  Scenario: Start, verify and remove scoped to the user's own organization are served
    When the user tries to start a registration, scoped to the user's organization by id
    Then the registration is started
    When the user tries to verify the registration, scoped to the user's organization by its snake_case id
    Then the registration is verified
    When the user tries to remove the registration, scoped to the user's organization by id
    Then the registration is removed

  # RPC only: over REST an empty query parameter is another question (row 7's field rules).
  @TOTP-SCOPE-02 @live @rpc
  Scenario: Start scoped to an empty organization id is served, the empty oneof string not given
    When the user tries to start a registration, scoped to an empty organization id
    Then the registration is started

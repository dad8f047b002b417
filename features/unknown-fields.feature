@core @rpc
Feature: Request fields the contract does not have
  A client built from a newer version of the messages may send a field this contract does not have.
  Over gRPC, gRPC-Web and Connect such a field is ignored: the request is answered as if the field
  were absent (contract/v3alpha.md#v3alpha-rpc-unknown-fields; upstream decodes with
  DiscardUnknown). REST has its own body rules
  (TOTP-CORE-10, TOTP-INPUT-04), so these scenarios run over the RPC transports only.

  Background:
    Given a user who may manage their own TOTP

  @TOTP-RPC-04 @live
  Scenario: A verify request that carries a field the contract does not have verifies the registration
    Given a pending TOTP registration of the user
    When the user verifies the registration with the code of the current step in a request that also carries a field the contract does not have
    Then the registration is verified

  @TOTP-RPC-04 @live
  Scenario: A binary start request that carries a field number the contract does not have starts a registration
    When the user starts a TOTP registration with a binary request that also carries a field number the contract does not have
    Then the registration is started
    And the details name the user and the user's organization as owner

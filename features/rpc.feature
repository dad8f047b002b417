@core @rpc
Feature: Calls the contract does not have, and messages that do not decode
  Over gRPC, gRPC-Web and Connect a call names its service and method in its path and carries an
  encoded message. A call to a service or a method the contract does not have, or one whose message
  does not decode, never succeeds and changes nothing (contract/v3alpha.md#v3alpha-rpc-only-rows, the rows that only exist
  on RPC).

  Background:
    Given a user who may manage their own TOTP
    And a pending TOTP registration of the user

  @TOTP-RPC-01 @live
  Scenario: A correct verify request sent to a service the contract does not have is unimplemented
    When the user sends a correct verify request to a service the contract does not have
    Then the call is refused as unimplemented
    And the registration is still pending

  @TOTP-RPC-02 @live
  Scenario: A correct verify request sent to a method the service does not have is unimplemented
    When the user sends a correct verify request to a method the service does not have
    Then the call is refused as unimplemented
    And the registration is still pending

  @TOTP-RPC-03 @live
  Scenario: A verify call whose message does not decode is refused
    When the user sends a verify call whose message does not decode
    Then the call is refused as a message that does not decode
    And the registration is still pending

  @TOTP-RPC-05 @live
  Scenario: A status message that quotes a name with a percent sign is percent-encoded exactly once
    When the user sends a correct verify request to a method the service does not have, whose name holds a percent sign and the escapes of a non-ASCII character
    Then the call is refused as unimplemented
    And the status message, once decoded, quotes the method's name exactly as it was sent
    And the raw grpc-message, where the transport shows it, is valid percent-encoding
    And the registration is still pending

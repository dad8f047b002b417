@v2 @core
Feature: How the v2 dialect answers what it cannot serve
  Errors are a google.rpc.Status: an error with an ID carries exactly one zitadel.v1.ErrorDetail,
  an error without one carries none. Over REST a path that matches no route, a wrong method, a
  body that is not a strict JSON object and a code or userId that is not a string are refused; over gRPC, gRPC-Web and Connect an unknown service or
  method and a message that does not decode are. Nothing is changed by any of them.

  Background:
    Given a user without a TOTP
    And a pending TOTP registration of the user

  @TOTP-V2-ROUTING-01 @live @rest
  Scenario Outline: <situation> is refused with HTTP <status>, code <code> and no detail
    When the user causes <situation>
    Then the error body is a status with HTTP <status>, code <code> and error "none"
    And the registration is still pending

    Examples:
      | situation                                   | status | code |
      | a request to a path that does not exist     | 404    | 5    |
      | a known path with the wrong method          | 405    | 12   |
      | a verify body that is not a JSON object     | 400    | 3    |
      | a register body that is not a JSON object   | 400    | 3    |
      | a verify body whose code is a JSON number   | 400    | 3    |
      | a verify body whose code is true            | 400    | 3    |
      | a verify body whose code is an object       | 400    | 3    |
      | a verify body whose code is an array        | 400    | 3    |
      | a verify body whose userId is a number      | 400    | 3    |
      | a register body whose userId is false       | 400    | 3    |
      | a verify body that is not strict JSON       | 400    | 3    |

  @TOTP-V2-ROUTING-02 @live @rpc
  Scenario: A correct verify request sent to a service the contract does not have is unimplemented
    When the user sends a correct verify request to a service the contract does not have
    Then the call is refused as unimplemented
    And the registration is still pending

  @TOTP-V2-ROUTING-02 @live @rpc
  Scenario: A correct verify request sent to a method the service does not have is unimplemented
    When the user sends a correct verify request to a method the service does not have
    Then the call is refused as unimplemented
    And the registration is still pending

  @TOTP-V2-ROUTING-03 @live @rpc
  Scenario: A status message that quotes a name with a percent sign is percent-encoded exactly once
    When the user sends a correct verify request to a method the service does not have, whose name holds a percent sign and the escapes of a non-ASCII character
    Then the call is refused as unimplemented
    And the status message, once decoded, quotes the method's name exactly as it was sent
    And the raw grpc-message, where the transport shows it, is valid percent-encoding
    And the registration is still pending

  @TOTP-V2-ROUTING-02 @live @rpc
  Scenario: A verify call whose message does not decode is refused
    When the user sends a verify call whose message does not decode
    Then the call is refused as a message that does not decode
    And the registration is still pending

  @TOTP-V2-ERRORS-01 @live
  Scenario Outline: The error of <situation> carries one ErrorDetail with its ID
    When the user causes <situation>
    Then the error body is a status with HTTP <status>, code <code> and error "<error>"

    Examples:
      | situation                          | status | code | error         |
      | a wrong code                       | 400    | 3    | EVENT-8isk2   |
      | a second verify                    | 400    | 9    | COMMAND-qx4ls |
      | a register over a ready TOTP       | 409    | 6    | COMMAND-do9se |
      | a token lacking the Bearer prefix  | 401    | 16   | AUTH-toLo1    |
      | an unknown token                   | 401    | 16   | AUTH-7fs1e    |
      | a request without a token          | 401    | 16   | none          |

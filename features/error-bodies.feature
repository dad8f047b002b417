@core
Feature: The shape of every error
  Every error is a google.rpc.Status as grpc-gateway writes it: the gRPC code, a message, and for
  every error that has an ID (the auth interceptor's and the domain's) exactly one
  zitadel.v1.ErrorDetail whose id ends the message; errors without an ID have no details.

  Background:
    Given a user who may manage their own TOTP
    And a pending TOTP registration of the user

  @TOTP-ERRORS-01 @live
  Scenario Outline: The error for <situation> has the contract's shape
    When the user causes <situation>
    Then the error body is a status with HTTP <http>, code <code> and error "<error>"

    # Rows 1 to 3 are HTTP's: the RPC protocols have their own (rpc.feature).
    @rest
    Examples: routing and decoding on REST
      | situation                                | http | code | error          |
      | a request to a path that does not exist  | 404  | 5    | none           |
      | a known path with the wrong method       | 405  | 12   | none           |
      | a verify body that is not a JSON string  | 400  | 3    | none           |

    Examples: every transport
      | situation                                | http | code | error          |
      | a request without a token                | 401  | 16   | none           |
      | a token lacking the Bearer prefix        | 401  | 16   | AUTH-toLo1     |
      | an unknown token                         | 401  | 16   | AUTH-7fs1e     |
      | a code that is too short                 | 400  | 3    | none           |
      | a start for an unknown user              | 404  | 5    | COMMAND-4g3xq  |
      | a verify of an unknown registration      | 404  | 5    | COMMAND-3Mif9s |
      | a remove of an unknown registration      | 404  | 5    | COMMAND-Hd9sd  |
      | a wrong code                             | 400  | 3    | EVENT-8isk2    |
      | a second verify                          | 400  | 9    | COMMAND-qx4ls  |

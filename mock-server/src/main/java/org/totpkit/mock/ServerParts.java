package org.totpkit.mock;

import com.github.tomakehurst.wiremock.extension.Extension;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.totpkit.mock.contract.Authentication;
import org.totpkit.mock.contract.v2.V2Checks;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.RestFront;
import org.totpkit.mock.totp.CodeCheck;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.transport.rpc.RpcDecoding;
import org.totpkit.mock.transport.rpc.RpcFinish;

/**
 * The replaceable parts of a reference server, for code that embeds it. {@link #STANDARD} is the
 * server the contract describes; the command line always runs it (no option picks other parts).
 * Each method is called once per server start.
 */
public interface ServerParts {
  /** The parts the contract describes. */
  ServerParts STANDARD = new ServerParts() {};

  /** The store the server uses, given the engine the options chose. */
  default TotpStore store(TotpStore engine) {
    return engine;
  }

  /** How a submitted code is checked against a registration's key. */
  default CodeCheck codeCheck() {
    return CodeCheck.RFC_6238;
  }

  /** Who a request's {@code Authorization} header names; {@code standard} is the server's own. */
  default Authentication authentication(Authentication standard) {
    return standard;
  }

  /**
   * The v2 order of checks every transport asks; {@code standard} is the contract's.
   *
   * @param authentication the authentication the API uses
   */
  default V2Checks v2Checks(V2Checks standard, Authentication authentication) {
    return standard;
  }

  /** Applied to every API response just before it is written. */
  default UnaryOperator<ApiResponse> finisher() {
    return UnaryOperator.identity();
  }

  /** Applied to every gRPC, gRPC-Web and Connect answer just before it is framed. */
  default RpcFinish rpcFinisher() {
    return RpcFinish.NONE;
  }

  /** How gRPC, gRPC-Web and Connect request messages are decoded (unknown fields ignored). */
  default RpcDecoding rpcDecoding() {
    return RpcDecoding.CONTRACT;
  }

  /**
   * WireMock extensions registered before the server's own (WireMock runs request filters in
   * registration order, so these see a request first).
   *
   * @param authentication the authentication the API uses
   */
  default List<Extension> extensionsBefore(Authentication authentication) {
    return List.of();
  }

  /**
   * How long a REST answer waits for its write's commit on a store that commits writes in groups
   * (PostgreSQL) before it is answered as a failure.
   */
  default Duration heldAnswerTimeout() {
    return RestFront.HELD_TIMEOUT;
  }
}

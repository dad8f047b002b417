package org.totpkit.mock.transport.rpc;

import com.google.protobuf.Message;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.StatusCode;

/** What an RPC answers before a transport frames it: a response message, or an error. */
public record RpcReply(Message response, ContractError error) {
  public static RpcReply ok(Message response) {
    return new RpcReply(response, null);
  }

  public static RpcReply failed(ContractError error) {
    return new RpcReply(null, error);
  }

  public StatusCode code() {
    return error == null ? StatusCode.OK : error.code();
  }
}

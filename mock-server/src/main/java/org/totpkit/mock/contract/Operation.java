package org.totpkit.mock.contract;

/**
 * The three RPCs of {@code zitadel.resources.user.v3alpha.ZITADELUsers} (contract/v3alpha.md
 * section 1).
 */
public enum Operation {
  START("StartTOTPRegistration"),
  VERIFY("VerifyTOTPRegistration"),
  REMOVE("RemoveTOTPAuthenticator");

  public static final String SERVICE = "zitadel.resources.user.v3alpha.ZITADELUsers";

  /** The RPC's name, the last segment of its gRPC path. */
  public final String rpcName;

  /** The protobuf request message name, which validation messages quote. */
  public final String requestMessage;

  Operation(String rpcName) {
    this.rpcName = rpcName;
    this.requestMessage = rpcName + "Request";
  }

  /** {@code /<service>/<rpc>}, the path gRPC, gRPC-Web and Connect post to. */
  public String rpcPath() {
    return "/" + SERVICE + "/" + rpcName;
  }

  /** The operation a method name of the service names, or null. */
  public static Operation byRpcName(String name) {
    for (Operation operation : values()) {
      if (operation.rpcName.equals(name)) {
        return operation;
      }
    }
    return null;
  }
}

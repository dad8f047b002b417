package org.totpkit.mock.contract.v2;

/** The three TOTP RPCs of the v2 user service, {@code zitadel.user.v2.UserService}. */
public enum V2Operation {
  REGISTER("RegisterTOTP"),
  VERIFY("VerifyTOTPRegistration"),
  REMOVE("RemoveTOTP");

  public static final String SERVICE = "zitadel.user.v2.UserService";

  /** The RPC's name, the last segment of its gRPC path. */
  public final String rpcName;

  /** The protobuf request message name, which validation messages quote. */
  public final String requestMessage;

  V2Operation(String rpcName) {
    this.rpcName = rpcName;
    this.requestMessage = rpcName + "Request";
  }

  /** {@code /<service>/<rpc>}, the path gRPC, gRPC-Web and Connect post to. */
  public String rpcPath() {
    return "/" + SERVICE + "/" + rpcName;
  }
}

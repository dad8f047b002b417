package org.totpkit.mock.transport.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * How a gRPC, gRPC-Web or Connect request message is decoded, in every dialect. The contract's way
 * ignores unknown fields, binary or JSON (contract/v3alpha.md §5: upstream decodes with {@code
 * DiscardUnknown}); the interface is a seam for deliberately broken servers that prove the kit
 * checks it.
 */
public interface RpcDecoding {
  RpcDecoding CONTRACT = new RpcDecoding() {};

  /** Connect's JSON codec: a key the message does not have is skipped. */
  JsonFormat.Parser LENIENT_JSON = JsonFormat.parser().ignoringUnknownFields();

  /** The binary message; unknown fields are kept apart and ignored. */
  default Message binary(RpcMethod method, byte[] bytes) throws InvalidProtocolBufferException {
    return method.newRequest().mergeFrom(ByteString.copyFrom(bytes)).build();
  }

  /** The protojson message (Connect with {@code application/json}). */
  default Message json(RpcMethod method, String json) throws InvalidProtocolBufferException {
    Message.Builder builder = method.newRequest();
    LENIENT_JSON.merge(json, builder);
    return builder.build();
  }
}

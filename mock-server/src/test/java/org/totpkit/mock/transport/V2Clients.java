package org.totpkit.mock.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Status;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.totpkit.contract.proto.zitadel.user.v2.RegisterTOTPResponse;
import org.totpkit.contract.proto.zitadel.user.v2.RemoveTOTPResponse;
import org.totpkit.contract.proto.zitadel.user.v2.UserServiceGrpc;
import org.totpkit.contract.proto.zitadel.user.v2.VerifyTOTPRegistrationResponse;
import org.totpkit.contract.proto.zitadel.v1.ErrorDetail;
import org.totpkit.mock.contract.v2.V2Operation;
import org.totpkit.mock.transport.TransportClient.Result;

/**
 * The v2 user service's clients for the parity test: REST as grpc-gateway serves it, gRPC
 * (grpc-java's generated stubs), gRPC-Web (binary and text) and Connect (JSON and proto).
 */
final class V2Clients {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Map<String, Integer> CONNECT_CODES =
      Map.of(
          "invalid_argument", 3,
          "not_found", 5,
          "already_exists", 6,
          "permission_denied", 7,
          "resource_exhausted", 8,
          "failed_precondition", 9,
          "unimplemented", 12,
          "internal", 13,
          "unauthenticated", 16);

  private V2Clients() {}

  /** One way to call the v2 RPCs. */
  interface Client {
    String name();

    Result call(V2Operation operation, Message request, String authorization);
  }

  static List<Client> all(String baseUrl, Clients.Grpc grpc) {
    return List.of(
        new Rest(baseUrl),
        new Grpc(grpc),
        new GrpcWeb(baseUrl, false),
        new GrpcWeb(baseUrl, true),
        new Connect(baseUrl, true),
        new Connect(baseUrl, false));
  }

  static Message.Builder responseBuilder(V2Operation operation) {
    return switch (operation) {
      case REGISTER -> RegisterTOTPResponse.newBuilder();
      case VERIFY -> VerifyTOTPRegistrationResponse.newBuilder();
      case REMOVE -> RemoveTOTPResponse.newBuilder();
    };
  }

  /** REST: the HTTP rules, body "*" (the whole message as protojson), DELETE without a body. */
  record Rest(String baseUrl) implements Client {
    @Override
    public String name() {
      return "REST";
    }

    @Override
    public Result call(V2Operation operation, Message request, String authorization) {
      String userId =
          (String) request.getField(request.getDescriptorForType().findFieldByName("user_id"));
      String path =
          "/v2/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
      path += operation == V2Operation.VERIFY ? "/totp/verify" : "/totp";
      HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(baseUrl + path));
      if (authorization != null) {
        http.header("Authorization", authorization);
      }
      try {
        if (operation == V2Operation.REMOVE) {
          http.DELETE();
        } else {
          http.header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JsonFormat.printer().print(request)));
        }
        HttpResponse<String> response =
            HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          Message.Builder builder = responseBuilder(operation);
          JsonFormat.parser().merge(response.body(), builder);
          return Result.ok(builder.build());
        }
        JsonNode json = JSON.readTree(response.body());
        List<ErrorDetail> details = new ArrayList<>();
        for (JsonNode detail : json.path("details")) {
          details.add(
              ErrorDetail.newBuilder()
                  .setId(detail.path("id").asText())
                  .setMessage(detail.path("message").asText())
                  .build());
        }
        return new Result(
            json.path("code").asInt(),
            json.path("message").asText(),
            details,
            null,
            response.headers().firstValue("Retry-After"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** grpc-java with the generated UserServiceGrpc method descriptors, over h2c. */
  record Grpc(Clients.Grpc channelOwner) implements Client {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public String name() {
      return "gRPC";
    }

    @SuppressWarnings("unchecked")
    @Override
    public Result call(V2Operation operation, Message request, String authorization) {
      MethodDescriptor<Message, Message> method =
          (MethodDescriptor<Message, Message>)
              (MethodDescriptor<?, ?>)
                  switch (operation) {
                    case REGISTER -> UserServiceGrpc.getRegisterTOTPMethod();
                    case VERIFY -> UserServiceGrpc.getVerifyTOTPRegistrationMethod();
                    case REMOVE -> UserServiceGrpc.getRemoveTOTPMethod();
                  };
      Metadata headers = new Metadata();
      if (authorization != null) {
        headers.put(AUTHORIZATION, authorization);
      }
      try {
        return Result.ok(
            ClientCalls.blockingUnaryCall(
                ClientInterceptors.intercept(
                    channelOwner.channel(), MetadataUtils.newAttachHeadersInterceptor(headers)),
                method,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request));
      } catch (StatusRuntimeException e) {
        Status status = StatusProto.fromThrowable(e);
        return new Result(
            e.getStatus().getCode().value(),
            e.getStatus().getDescription(),
            status == null ? List.of() : Clients.unpack(status),
            null,
            Optional.empty());
      }
    }
  }

  /** gRPC-Web, binary or text. */
  record GrpcWeb(String baseUrl, boolean text) implements Client {
    @Override
    public String name() {
      return text ? "gRPC-Web-text" : "gRPC-Web";
    }

    @Override
    public Result call(V2Operation operation, Message request, String authorization) {
      byte[] frame = Clients.frame((byte) 0, request.toByteArray());
      HttpResponse<byte[]> response =
          Clients.post(
              baseUrl + operation.rpcPath(),
              text ? "application/grpc-web-text" : "application/grpc-web+proto",
              text ? Base64.getEncoder().encode(frame) : frame,
              "Authorization",
              authorization,
              "X-Grpc-Web",
              "1");
      if (response.statusCode() != 200) {
        throw new AssertionError(name() + " answered HTTP " + response.statusCode());
      }
      byte[] body = text ? Base64.getDecoder().decode(response.body()) : response.body();
      ByteBuffer in = ByteBuffer.wrap(body);
      Message message = null;
      Map<String, String> trailers = null;
      while (in.remaining() > 0) {
        byte flag = in.get();
        byte[] payload = new byte[in.getInt()];
        in.get(payload);
        if (flag == 0) {
          try {
            message = responseBuilder(operation).mergeFrom(payload).build();
          } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("response message does not decode", e);
          }
        } else if (flag == (byte) 0x80) {
          trailers = new LinkedHashMap<>();
          for (String line : new String(payload, StandardCharsets.US_ASCII).split("\r\n")) {
            int colon = line.indexOf(':');
            trailers.put(
                line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                line.substring(colon + 1).trim());
          }
        } else {
          throw new AssertionError("unexpected frame flag " + flag);
        }
      }
      if (trailers == null) {
        throw new AssertionError("no trailer frame");
      }
      return Clients.GrpcWeb.fromTrailers(trailers, message);
    }
  }

  /** Connect unary, JSON or proto. */
  record Connect(String baseUrl, boolean json) implements Client {
    @Override
    public String name() {
      return json ? "Connect-JSON" : "Connect-proto";
    }

    @Override
    public Result call(V2Operation operation, Message request, String authorization) {
      try {
        byte[] body =
            json
                ? JsonFormat.printer().print(request).getBytes(StandardCharsets.UTF_8)
                : request.toByteArray();
        HttpResponse<byte[]> response =
            Clients.post(
                baseUrl + operation.rpcPath(),
                json ? "application/json" : "application/proto",
                body,
                "Authorization",
                authorization,
                "Connect-Protocol-Version",
                "1");
        if (response.statusCode() == 200) {
          Message.Builder builder = responseBuilder(operation);
          if (json) {
            JsonFormat.parser().merge(new String(response.body(), StandardCharsets.UTF_8), builder);
          } else {
            builder.mergeFrom(response.body());
          }
          return Result.ok(builder.build());
        }
        JsonNode error = JSON.readTree(response.body());
        List<ErrorDetail> details = new ArrayList<>();
        for (JsonNode detail : error.path("details")) {
          if (!detail.path("type").asText().equals("zitadel.v1.ErrorDetail")) {
            throw new AssertionError("detail type " + detail.path("type"));
          }
          details.add(
              ErrorDetail.parseFrom(Base64.getDecoder().decode(detail.path("value").asText())));
        }
        int code = CONNECT_CODES.getOrDefault(error.path("code").asText(), -1);
        int expectedStatus =
            org.totpkit.mock.contract.StatusCode.of(code) == null
                ? -1
                : org.totpkit.mock.contract.StatusCode.of(code).httpStatus();
        if (response.statusCode() != expectedStatus) {
          throw new AssertionError(
              "Connect answered HTTP " + response.statusCode() + " for " + error.path("code"));
        }
        return new Result(
            code,
            error.path("message").asText(),
            details,
            null,
            response.headers().firstValue("Retry-After"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

package org.totpkit.mock.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Status;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
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
import org.totpkit.contract.proto.zitadel.object.v3alpha.Instance;
import org.totpkit.contract.proto.zitadel.object.v3alpha.Organization;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.RemoveTOTPAuthenticatorRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.ZITADELUsersGrpc;
import org.totpkit.contract.proto.zitadel.v1.ErrorDetail;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.transport.rpc.RpcEndpoint;

/** The four clients of the parity tests: REST, gRPC (grpc-java), gRPC-Web and Connect. */
final class Clients {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Clients() {}

  static List<TransportClient> all(String baseUrl, int port) {
    return List.of(
        new Rest(baseUrl),
        new Grpc(port),
        new GrpcWeb(baseUrl, false),
        new GrpcWeb(baseUrl, true),
        new Connect(baseUrl, true),
        new Connect(baseUrl, false));
  }

  static HttpResponse<byte[]> post(String url, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i + 1] != null) {
        request.header(headers[i], headers[i + 1]);
      }
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Message.Builder responseBuilder(Operation operation) {
    return switch (operation) {
      case START ->
          org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationResponse
              .newBuilder();
      case VERIFY ->
          org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationResponse
              .newBuilder();
      case REMOVE ->
          org.totpkit.contract.proto.zitadel.resources.user.v3alpha.RemoveTOTPAuthenticatorResponse
              .newBuilder();
    };
  }

  static List<ErrorDetail> unpack(Status status) {
    List<ErrorDetail> details = new ArrayList<>();
    for (Any any : status.getDetailsList()) {
      try {
        details.add(any.unpack(ErrorDetail.class));
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("detail is not a zitadel.v1.ErrorDetail: " + any.getTypeUrl());
      }
    }
    return details;
  }

  /** REST, as grpc-gateway serves it: the HTTP rule of each RPC (contract/v3alpha.md section 1). */
  static final class Rest implements TransportClient {
    private final String baseUrl;

    Rest(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    @Override
    public String name() {
      return "REST";
    }

    @Override
    public Result call(Operation operation, Message request, String authorization) {
      String id = field(request, "id");
      String path = "/resources/v3alpha/users/" + segment(id) + "/totp";
      if (operation != Operation.START) {
        path += "/" + segment(field(request, "totp_id"));
      }
      if (operation == Operation.VERIFY) {
        path += "/_verify";
      }
      String query = query(request);
      String url = baseUrl + path + (query.isEmpty() ? "" : "?" + query);
      HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(url));
      if (authorization != null) {
        http.header("Authorization", authorization);
      }
      if (operation == Operation.REMOVE) {
        http.DELETE();
      } else {
        String body =
            operation == Operation.VERIFY
                ? JSON.valueToTree(field(request, "code")).toString()
                : "";
        http.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
      }
      HttpResponse<String> response;
      try {
        response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() == 200) {
          Message.Builder builder = responseBuilder(operation);
          JsonFormat.parser().merge(response.body(), builder);
          return Result.ok(builder.build());
        }
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

    private static String field(Message request, String name) {
      var field = request.getDescriptorForType().findFieldByName(name);
      return field == null ? null : (String) request.getField(field);
    }

    private static String segment(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(Message request) {
      Instance instance;
      Organization organization;
      if (request instanceof StartTOTPRegistrationRequest r) {
        instance = r.getInstance();
        organization = r.getOrganization();
      } else if (request instanceof VerifyTOTPRegistrationRequest r) {
        instance = r.getInstance();
        organization = r.getOrganization();
      } else {
        RemoveTOTPAuthenticatorRequest r = (RemoveTOTPAuthenticatorRequest) request;
        instance = r.getInstance();
        organization = r.getOrganization();
      }
      Map<String, String> query = new LinkedHashMap<>();
      if (instance.hasId()) {
        query.put("instance.id", instance.getId());
      }
      if (instance.hasDomain()) {
        query.put("instance.domain", instance.getDomain());
      }
      if (organization.hasOrgId()) {
        query.put("organization.orgId", organization.getOrgId());
      }
      if (organization.hasOrgDomain()) {
        query.put("organization.orgDomain", organization.getOrgDomain());
      }
      StringBuilder out = new StringBuilder();
      query.forEach(
          (k, v) ->
              out.append(out.length() == 0 ? "" : "&")
                  .append(k)
                  .append('=')
                  .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return out.toString();
    }
  }

  /** grpc-java over h2c with prior knowledge: a real gRPC client. */
  static final class Grpc implements TransportClient {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> RETRY_AFTER =
        Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;

    Grpc(int port) {
      channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    ManagedChannel channel() {
      return channel;
    }

    @Override
    public String name() {
      return "gRPC";
    }

    @SuppressWarnings("unchecked")
    @Override
    public Result call(Operation operation, Message request, String authorization) {
      MethodDescriptor<Message, Message> method =
          (MethodDescriptor<Message, Message>)
              (MethodDescriptor<?, ?>)
                  switch (operation) {
                    case START -> ZITADELUsersGrpc.getStartTOTPRegistrationMethod();
                    case VERIFY -> ZITADELUsersGrpc.getVerifyTOTPRegistrationMethod();
                    case REMOVE -> ZITADELUsersGrpc.getRemoveTOTPAuthenticatorMethod();
                  };
      Metadata headers = new Metadata();
      if (authorization != null) {
        headers.put(AUTHORIZATION, authorization);
      }
      try {
        Message response =
            ClientCalls.blockingUnaryCall(
                io.grpc.ClientInterceptors.intercept(
                    channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                method,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
        return Result.ok(response);
      } catch (StatusRuntimeException e) {
        Status status = StatusProto.fromThrowable(e);
        Metadata trailers = e.getTrailers();
        return new Result(
            e.getStatus().getCode().value(),
            e.getStatus().getDescription(),
            status == null ? List.of() : unpack(status),
            null,
            Optional.ofNullable(trailers == null ? null : trailers.get(RETRY_AFTER)));
      }
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }

  /** gRPC-Web, binary or text, with its own framing over HTTP/1.1. */
  static final class GrpcWeb implements TransportClient {
    private final String baseUrl;
    private final boolean text;

    GrpcWeb(String baseUrl, boolean text) {
      this.baseUrl = baseUrl;
      this.text = text;
    }

    @Override
    public String name() {
      return text ? "gRPC-Web-text" : "gRPC-Web";
    }

    @Override
    public Result call(Operation operation, Message request, String authorization) {
      byte[] frame = frame((byte) 0, request.toByteArray());
      HttpResponse<byte[]> response =
          post(
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
      return parse(operation, body);
    }

    static Result parse(Operation operation, byte[] body) {
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
            if (colon < 0) {
              throw new AssertionError("trailer line without a colon: " + line);
            }
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
      return fromTrailers(trailers, message);
    }

    static Result fromTrailers(Map<String, String> trailers, Message message) {
      int code = Integer.parseInt(trailers.get("grpc-status"));
      if (code == 0) {
        return Result.ok(message);
      }
      String details = trailers.get("grpc-status-details-bin");
      List<ErrorDetail> unpacked = List.of();
      if (details != null) {
        try {
          Status status = Status.parseFrom(Base64.getDecoder().decode(details));
          unpacked = unpack(status);
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError("grpc-status-details-bin does not decode", e);
        }
      }
      return new Result(
          code,
          URLDecoder.decode(
              trailers.getOrDefault("grpc-message", "").replace("+", "%2B"),
              StandardCharsets.UTF_8),
          unpacked,
          null,
          Optional.ofNullable(trailers.get("retry-after")));
    }
  }

  /** Connect unary, JSON or binary, over HTTP/1.1. */
  static final class Connect implements TransportClient {
    private static final Map<String, Integer> CODES =
        Map.of(
            "invalid_argument", 3,
            "not_found", 5,
            "permission_denied", 7,
            "resource_exhausted", 8,
            "failed_precondition", 9,
            "unimplemented", 12,
            "internal", 13,
            "unauthenticated", 16);

    private final String baseUrl;
    private final boolean json;

    Connect(String baseUrl, boolean json) {
      this.baseUrl = baseUrl;
      this.json = json;
    }

    @Override
    public String name() {
      return json ? "Connect-JSON" : "Connect-proto";
    }

    @Override
    public Result call(Operation operation, Message request, String authorization) {
      byte[] body;
      try {
        body =
            json
                ? JsonFormat.printer().print(request).getBytes(StandardCharsets.UTF_8)
                : request.toByteArray();
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
      HttpResponse<byte[]> response =
          post(
              baseUrl + operation.rpcPath(),
              json ? "application/json" : "application/proto",
              body,
              "Authorization",
              authorization,
              "Connect-Protocol-Version",
              "1");
      try {
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
        return new Result(
            CODES.getOrDefault(error.path("code").asText(), -1),
            error.path("message").asText(),
            details,
            null,
            response.headers().firstValue("Retry-After"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static byte[] frame(byte flag, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(flag);
    out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
    out.writeBytes(payload);
    return out.toByteArray();
  }

  static final int MAX = RpcEndpoint.MAX_MESSAGE_BYTES;
}

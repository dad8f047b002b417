package org.totpkit.kit.driver.rpc;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.ContractViolation;
import org.totpkit.kit.driver.TrafficTap;
import org.totpkit.kit.target.Dialect;

/**
 * The contract over gRPC with grpc-java and the stubs generated from proto/: what a real Java
 * client sees. {@code http://} is HTTP/2 cleartext with prior knowledge (h2c), {@code https://} is
 * TLS with HTTP/2 chosen by ALPN.
 */
public final class GrpcTotpApi extends RpcTotpApi {
  private static final long DEADLINE_SECONDS = 30;

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<byte[]> STATUS_DETAILS =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  /** grpc-java's words for a status it made up from an HTTP answer that was not gRPC. */
  private static final List<String> NOT_GRPC_ANSWERS =
      List.of("HTTP status code", "invalid content-type");

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private final ManagedChannel channel;

  public GrpcTotpApi(String endpoint) {
    this(endpoint, Dialect.V3ALPHA);
  }

  public GrpcTotpApi(String endpoint, Dialect dialect) {
    super(dialect);
    URI uri = URI.create(endpoint);
    boolean tls = "https".equals(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
    ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forAddress(uri.getHost(), port);
    this.channel = (tls ? builder.useTransportSecurity() : builder.usePlaintext()).build();
  }

  @Override
  ApiResponse call(RpcCall call, Caller caller, Message request) {
    Exchange exchange = new Exchange(caller);
    try {
      // What a generated blocking stub does: the generated method descriptor, one unary call.
      Message response =
          ClientCalls.blockingUnaryCall(
              exchange.channel(),
              call.descriptor(),
              CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS),
              request);
      ApiResponse answer =
          RpcAnswers.success(call, response, OptionalInt.empty(), exchange.metadata(null));
      exchange.tap(call.path(), request, answer);
      return answer;
    } catch (StatusRuntimeException e) {
      ApiResponse answer = exchange.failure(call.operation(), Optional.of(call), e);
      exchange.tap(call.path(), request, answer);
      return answer;
    }
  }

  @Override
  ApiResponse callElsewhere(String operation, String path, Caller caller, Message request) {
    ApiResponse answer = raw(operation, path, caller, request.toByteArray());
    new Exchange(caller).tap(path, request, answer);
    return answer;
  }

  @Override
  ApiResponse callWithAnUndecodableMessage(String operation, Caller caller) {
    return raw(operation, RpcCall.verify(dialect).path(), caller, TRUNCATED_MESSAGE);
  }

  /** A unary call with bytes as they are: for the rows a generated stub cannot reach. */
  private ApiResponse raw(String operation, String path, Caller caller, byte[] body) {
    MethodDescriptor<byte[], byte[]> method =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(path.substring(1))
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();
    Exchange exchange = new Exchange(caller);
    try {
      ClientCalls.blockingUnaryCall(
          exchange.channel(),
          method,
          CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS),
          body);
      return new ApiResponse(
          operation, OptionalInt.empty(), 0, "", List.of(), null, exchange.metadata(null));
    } catch (StatusRuntimeException e) {
      return exchange.failure(operation, Optional.empty(), e);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }

  /** One call: the caller's metadata going out, the headers and trailers coming back. */
  private final class Exchange {
    private final Caller caller;
    private final AtomicReference<Metadata> headers = new AtomicReference<>();
    private final AtomicReference<Metadata> trailers = new AtomicReference<>();

    Exchange(Caller caller) {
      this.caller = caller;
      registerToken(caller);
    }

    Channel channel() {
      Metadata outgoing = new Metadata();
      caller.authorization().ifPresent(value -> outgoing.put(AUTHORIZATION, value));
      return ClientInterceptors.intercept(
          channel,
          MetadataUtils.newAttachHeadersInterceptor(outgoing),
          MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
    }

    ApiResponse failure(String operation, Optional<RpcCall> call, StatusRuntimeException e) {
      io.grpc.Status status = e.getStatus();
      String message = status.getDescription() == null ? "" : status.getDescription();
      if (NOT_GRPC_ANSWERS.stream().anyMatch(message::startsWith)) {
        throw new ContractViolation(
            operation
                + " was not answered with a gRPC status: "
                + message.lines().findFirst().orElse(""));
      }
      Metadata received = e.getTrailers();
      return RpcAnswers.failure(
          operation,
          call,
          status.getCode().value(),
          message,
          Optional.ofNullable(received == null ? null : received.get(STATUS_DETAILS)),
          OptionalInt.empty(),
          metadata(received));
    }

    /** Headers and then trailers, text values only (a -bin value is checked, not kept). */
    Map<String, List<String>> metadata(Metadata errorTrailers) {
      Map<String, List<String>> all = new LinkedHashMap<>();
      for (Metadata part :
          new Metadata[] {headers.get(), errorTrailers != null ? errorTrailers : trailers.get()}) {
        if (part == null) {
          continue;
        }
        for (String key : part.keys()) {
          if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
            continue;
          }
          Iterable<String> values =
              part.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
          if (values != null) {
            values.forEach(v -> all.computeIfAbsent(key, k -> new ArrayList<>()).add(v));
          }
        }
      }
      return all;
    }

    void tap(String path, Message request, ApiResponse answer) {
      TrafficTap.record(
          new TrafficTap.Exchange(
              "POST",
              path,
              caller.authorization(),
              RpcAnswers.print(path, request),
              200,
              answer.fields().toString()));
    }
  }
}

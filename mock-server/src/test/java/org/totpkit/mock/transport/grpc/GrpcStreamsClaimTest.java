package org.totpkit.mock.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.IStream;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.StreamFrame;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.testing.EchoRpc;
import org.totpkit.mock.transport.rpc.MessageFrames;

/**
 * Which HTTP/2 streams are answered on the stream itself, below the servlet layer, and how: only a
 * plain unary gRPC call is claimed (everything else is left to the servlet path's filters), and a
 * claimed call's answer leaves as one frame list (HEADERS, the message, trailers ending the
 * stream).
 */
class GrpcStreamsClaimTest {
  private static final String PATH = EchoRpc.PATH;

  private final GrpcStreams streams = new GrpcStreams(EchoRpc.endpoint());
  private final List<IStream.FrameList> sent = new ArrayList<>();
  private final IStream stream = recordingStream();

  @Test
  void aPlainUnaryGrpcCallIsClaimed() {
    assertThat(claim(request("POST", PATH, "application/grpc", "localhost"), false)).isNotNull();
    assertThat(claim(request("POST", PATH, "application/grpc+proto", "localhost"), false))
        .isNotNull();
  }

  @Test
  void everyOtherRequestIsLeftToTheServletPath() {
    assertThat(claim(request("GET", PATH, "application/grpc", "localhost"), false))
        .as("not a POST")
        .isNull();
    assertThat(claim(request("POST", PATH, "application/grpc", "localhost"), true))
        .as("no body to come")
        .isNull();
    assertThat(claim(request("POST", PATH, "application/grpc-web", "localhost"), false))
        .as("gRPC-Web")
        .isNull();
    assertThat(claim(request("POST", PATH, "application/json", "localhost"), false))
        .as("Connect")
        .isNull();
    assertThat(claim(request("POST", "/test.Echo/Shout", "application/grpc", "localhost"), false))
        .as("an unknown method, whose row the servlet path answers")
        .isNull();
    assertThat(claim(request("POST", PATH, "application/grpc", "[::1]"), false))
        .as("an IPv6 literal authority")
        .isNull();

    HttpFields.Mutable withOrigin = fields("application/grpc");
    withOrigin.put("origin", "http://localhost:3000");
    assertThat(claim(request("POST", PATH, withOrigin, "localhost", -1), false))
        .as("a page's call, which the browser rules answer")
        .isNull();
    assertThat(
            claim(request("POST", PATH, fields("application/grpc"), "localhost", 1 << 20), false))
        .as("a declared length over one message")
        .isNull();
  }

  @Test
  void aClaimedCallIsAnsweredInOneFrameListEndedByItsTrailers() throws Exception {
    Stream.Listener call = claim(request("POST", PATH, "application/grpc", "localhost"), false);
    byte[] message = MessageFrames.frame(MessageFrames.MESSAGE, StringValue.of("hi").toByteArray());

    call.onData(stream, new DataFrame(1, ByteBuffer.wrap(message), true), Callback.NOOP);

    assertThat(sent).as("one send for the whole answer").hasSize(1);
    List<StreamFrame> frames = sent.get(0).getFrames();
    assertThat(frames).hasSize(3);
    HeadersFrame head = (HeadersFrame) frames.get(0);
    assertThat(head.isEndStream()).isFalse();
    assertThat(((MetaData.Response) head.getMetaData()).getStatus()).isEqualTo(200);
    ByteBuffer data = ((DataFrame) frames.get(1)).getData();
    byte[] body = new byte[data.remaining()];
    data.get(body);
    assertThat(StringValue.parseFrom(Arrays.copyOfRange(body, 5, body.length)).getValue())
        .isEqualTo("echo: hi");
    HeadersFrame trailers = (HeadersFrame) frames.get(2);
    assertThat(trailers.isEndStream()).isTrue();
    assertThat(trailers.getMetaData().getFields().get("grpc-status")).isEqualTo("0");
  }

  private Stream.Listener claim(MetaData.Request request, boolean endStream) {
    return streams.claim(
        stream, new HeadersFrame(1, request, null, endStream), Duration.ofSeconds(30));
  }

  private static MetaData.Request request(
      String method, String path, String contentType, String host) {
    return request(method, path, fields(contentType), host, -1);
  }

  private static MetaData.Request request(
      String method, String path, HttpFields fields, String host, long contentLength) {
    return new MetaData.Request(
        method,
        HttpURI.build().scheme("http").host(host).port(8080).path(path),
        HttpVersion.HTTP_2,
        fields,
        contentLength);
  }

  private static HttpFields.Mutable fields(String contentType) {
    HttpFields.Mutable fields = HttpFields.build();
    fields.put("content-type", contentType);
    fields.put("te", "trailers");
    return fields;
  }

  /** A stream that records what is sent on it (the frame lists) and has id 1. */
  private IStream recordingStream() {
    return (IStream)
        Proxy.newProxyInstance(
            IStream.class.getClassLoader(),
            new Class<?>[] {IStream.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getId":
                  return 1;
                case "send":
                  if (args[0] instanceof IStream.FrameList frames) {
                    sent.add(frames);
                  }
                  ((Callback) args[1]).succeeded();
                  return null;
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                case "toString":
                  return "recording stream";
                default:
                  Class<?> type = method.getReturnType();
                  return type == boolean.class ? false : type.isPrimitive() ? 0 : null;
              }
            });
  }
}

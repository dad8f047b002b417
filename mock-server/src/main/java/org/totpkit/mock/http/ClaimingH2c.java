package org.totpkit.mock.http;

import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.api.server.ServerSessionListener;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's h2c connection factory with the same settings, whose sessions first offer each new stream
 * to {@link StreamClaims}; a stream not claimed is Jetty's, exactly as before (the session listener
 * Jetty makes handles it and every other session event).
 */
final class ClaimingH2c extends HTTP2CServerConnectionFactory {
  private final StreamClaims claims;
  private final Duration idleTimeout;

  private ClaimingH2c(
      HTTP2CServerConnectionFactory jetty, StreamClaims claims, Duration idleTimeout) {
    super(jetty.getHttpConfiguration(), jetty.getProtocols().toArray(String[]::new));
    this.claims = claims;
    this.idleTimeout = idleTimeout;
    setInputBufferSize(jetty.getInputBufferSize());
    setMaxEncoderTableCapacity(jetty.getMaxEncoderTableCapacity());
    setMaxDecoderTableCapacity(jetty.getMaxDecoderTableCapacity());
    setInitialSessionRecvWindow(jetty.getInitialSessionRecvWindow());
    setInitialStreamRecvWindow(jetty.getInitialStreamRecvWindow());
    setMaxConcurrentStreams(jetty.getMaxConcurrentStreams());
    setMaxHeaderBlockFragment(jetty.getMaxHeaderBlockFragment());
    setFlowControlStrategyFactory(jetty.getFlowControlStrategyFactory());
    setStreamIdleTimeout(jetty.getStreamIdleTimeout());
    setMaxFrameSize(jetty.getMaxFrameSize());
    setMaxSettingsKeys(jetty.getMaxSettingsKeys());
    setConnectProtocolEnabled(jetty.isConnectProtocolEnabled());
    setRateControlFactory(jetty.getRateControlFactory());
    setUseInputDirectByteBuffers(jetty.isUseInputDirectByteBuffers());
    setUseOutputDirectByteBuffers(jetty.isUseOutputDirectByteBuffers());
  }

  /** Jetty's factory replaced by one with the same settings that offers streams to claims. */
  static ClaimingH2c of(
      HTTP2CServerConnectionFactory jetty, StreamClaims claims, Duration idleTimeout) {
    return new ClaimingH2c(jetty, claims, idleTimeout);
  }

  @Override
  protected ServerSessionListener newSessionListener(Connector connector, EndPoint endPoint) {
    return new Offering(super.newSessionListener(connector, endPoint));
  }

  /** Jetty's session listener, with each new stream offered to the claims first. */
  private final class Offering implements ServerSessionListener {
    private final ServerSessionListener jetty;

    Offering(ServerSessionListener jetty) {
      this.jetty = jetty;
    }

    @Override
    public Stream.Listener onNewStream(Stream stream, HeadersFrame frame) {
      Stream.Listener claimed = claims.claim(stream, frame, idleTimeout);
      return claimed != null ? claimed : jetty.onNewStream(stream, frame);
    }

    @Override
    public void onAccept(Session session) {
      jetty.onAccept(session);
    }

    @Override
    public Map<Integer, Integer> onPreface(Session session) {
      return jetty.onPreface(session);
    }

    @Override
    public void onSettings(Session session, SettingsFrame frame) {
      jetty.onSettings(session, frame);
    }

    @Override
    public void onPing(Session session, PingFrame frame) {
      jetty.onPing(session, frame);
    }

    @Override
    public void onReset(Session session, ResetFrame frame) {
      jetty.onReset(session, frame);
    }

    @Override
    public void onGoAway(Session session, GoAwayFrame frame) {
      jetty.onGoAway(session, frame);
    }

    @Override
    public void onClose(Session session, GoAwayFrame frame, Callback callback) {
      jetty.onClose(session, frame, callback);
    }

    @Override
    public void onClose(Session session, GoAwayFrame frame) {
      jetty.onClose(session, frame);
    }

    @Override
    public boolean onIdleTimeout(Session session) {
      return jetty.onIdleTimeout(session);
    }

    @Override
    public void onFailure(Session session, Throwable failure, Callback callback) {
      jetty.onFailure(session, failure, callback);
    }

    @Override
    public void onFailure(Session session, Throwable failure) {
      jetty.onFailure(session, failure);
    }
  }
}

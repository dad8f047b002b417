package org.totpkit.kit.target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Fails fast, with one line, when a target's base URL does not answer at all. */
public final class Reachability {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Reachability() {}

  /** Any HTTP answer counts as reachable: the contract's 404 for "/" is an answer. */
  public static void require(Target target) {
    probe(target.baseUrl(), "baseUrl");
    target.hooksUrl().ifPresent(url -> probe(url, "hooksUrl"));
    if (target.transport().isRpc()) {
      target.rpcUrl().ifPresent(Reachability::listens);
    }
  }

  /** An RPC endpoint may speak nothing but HTTP/2: that something accepts connections will do. */
  private static void listens(String url) {
    try {
      URI uri = URI.create(url);
      int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), (int) TIMEOUT.toMillis());
      }
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new TargetConfigurationException("cannot reach rpcUrl " + url + ": " + reason, e);
    } catch (IllegalArgumentException e) {
      throw new TargetConfigurationException("rpcUrl is not a usable URL: " + url, e);
    }
  }

  private static void probe(String url, String key) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/")).timeout(TIMEOUT).GET().build();
    try {
      client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new TargetConfigurationException("cannot reach " + key + " " + url + ": " + reason, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetConfigurationException("interrupted while reaching " + key + " " + url, e);
    } catch (IllegalArgumentException e) {
      throw new TargetConfigurationException(key + " is not a usable URL: " + url, e);
    }
  }
}

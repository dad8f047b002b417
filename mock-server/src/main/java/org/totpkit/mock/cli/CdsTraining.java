package org.totpkit.mock.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.totpkit.mock.DemoData;
import org.totpkit.mock.ReferenceServer;

/**
 * The training run of the class-data-sharing archive that the build makes next to the jar ({@code
 * java -XX:ArchiveClassesAtExit=totp-mock-server.jsa -cp totp-mock-server.jar
 * org.totpkit.mock.cli.CdsTraining}): starts the server as {@code java -jar} does, asks for health
 * and makes one start and one wrong verify (so the archive holds the API path too), then stops. Not
 * the jar's main class; nothing of it runs when the server is started.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    Main.Launch launch = Main.launch(new String[] {"--port", "0"}, silent, System.err);
    if (launch.server().isEmpty()) {
      throw new IllegalStateException("the training server did not start");
    }
    try (ReferenceServer server = launch.server().get()) {
      HttpClient client = HttpClient.newHttpClient();
      DemoData demo = server.demoData().orElseThrow();
      String users = server.baseUrl() + "/resources/v3alpha/users/" + demo.userId() + "/totp";
      require(send(client, get(server.baseUrl() + "/__admin/health")), 200);
      require(send(client, post(users, demo.token(), "")), 200);
      int wrong = send(client, post(users + "/no-such-id/_verify", demo.token(), "\"000000\""));
      if (wrong / 100 != 4) {
        throw new IllegalStateException("a verify of no registration answered " + wrong);
      }
    }
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
  }

  private static HttpRequest post(String url, String token, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static int send(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    // The body may hold a secret: it is read and dropped, never printed.
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void require(int status, int expected) {
    if (status != expected) {
      throw new IllegalStateException("training request answered " + status + ", not " + expected);
    }
  }
}

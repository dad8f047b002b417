package org.totpkit.mock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FuturePromise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.ServerParts;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.testing.TestPostgres;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TimeBasedCode;
import org.totpkit.mock.totp.TotpParameters;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.TotpStore.Transition;
import org.totpkit.mock.totp.User;

/**
 * A REST verify on PostgreSQL answered once its write commits, with no Jetty thread waiting for it
 * (RestFront's held answer): through HTTP, with the group commit's statement held at a gate the
 * test opens. The answer comes only after the commit; a refused statement is answered as the
 * store's failure and changes nothing; a write that lost to another process is decided again and
 * counted once; a client gone meanwhile still has its failure counted; no commit in time is
 * answered as a failure and the late commit sends nothing.
 */
class HeldAnswersHttpTest {
  private static final Instant T0 = Instant.ofEpochSecond(1_000_000);
  private static final Organization ACME = new Organization("acme", "acme.localhost");
  private static final User U1 = new User("u1", ACME.id(), "u1@acme", T0);
  private static final byte[] KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final TotpParameters PARAMETERS = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The checked writes' statements wait here while it has no permits. */
  private final Semaphore gate = new Semaphore(0);

  /** One permit per checked-write statement that reached the gate. */
  private final Semaphore arrived = new Semaphore(0);

  /** One permit per checked-write statement that has run (and so committed). */
  private final Semaphore committed = new Semaphore(0);

  private final AtomicBoolean refuse = new AtomicBoolean();

  private StoreLocation location;
  private TotpStore other;
  private ReferenceServer server;
  private String wrong;

  @BeforeEach
  void open() {
    location = TestPostgres.freshLocation();
    other = PostgresStore.open(location);
    other.addUser(U1, ACME, "t1", 10, 10);
    other.addRegistration(Registration.pending("r1", U1.id(), KEY, PARAMETERS, T0), 10, 10);
    Set<String> window = new HashSet<>();
    for (int offset = -2; offset <= 2; offset++) {
      window.add(TimeBasedCode.codeAt(KEY, PARAMETERS, T0, offset));
    }
    wrong = window.contains("000000") ? "111111" : "000000";
    assertThat(window).doesNotContain(wrong);
  }

  @AfterEach
  void close() {
    gate.release(1000);
    if (server != null) {
      server.close();
    }
    other.close();
  }

  private void start(Duration heldTimeout) throws Exception {
    PGSimpleDataSource plain = new PGSimpleDataSource();
    plain.setUrl(location.url());
    plain.setUser(location.user());
    Sql sql = new Sql(location.tablePrefix());
    Set<String> gated =
        Set.of(
            sql.updateRegistrationStateChecked(),
            sql.updateRegistrationsChecked(),
            sql.updateRegistrationsCheckedCounted());
    JdbcStore replica =
        new JdbcStore(gatedAt(plain, gated), location.tablePrefix(), () -> {}, true);
    server =
        ReferenceServer.start(
            ServerOptions.defaults().withPort(0).withDemoData(false),
            new ServerParts() {
              @Override
              public TotpStore store(TotpStore engine) {
                engine.close();
                return replica;
              }

              @Override
              public Duration heldAnswerTimeout() {
                return heldTimeout;
              }
            });
    HttpResponse<String> frozen =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/__admin/totp/clock"))
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"epochMillis\":" + T0.toEpochMilli() + "}"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(frozen.statusCode()).as(frozen.body()).isEqualTo(200);
  }

  @Test
  void theAnswerIsSentOnlyAfterItsWriteCommits() throws Exception {
    start(Duration.ofSeconds(30));
    CompletableFuture<HttpResponse<String>> answer = verifyAsync(wrong);

    awaitArrived();
    assertThat(answer).as("no answer before the commit").isNotDone();
    assertThat(failures()).as("nothing written yet").isZero();
    assertThat(server.journalSize()).as("no journal entry before the commit").isZero();

    gate.release(1000);
    HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid code");
    assertThat(failures()).as("the failure answered is committed").isEqualTo(1);
    assertThat(server.journalSize()).isEqualTo(1);

    HttpResponse<String> second = verifyAsync(wrong).get(30, TimeUnit.SECONDS);
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(failures()).isEqualTo(2);
  }

  @Test
  void rightCodesAreAnsweredAfterTheirGroupCommitEachRegistrationVerifiedOnce() throws Exception {
    // More registrations than the server has threads, and each verified by three requests at once.
    int registrations = 30;
    for (int i = 2; i <= registrations; i++) {
      other.addRegistration(Registration.pending("r" + i, U1.id(), KEY, PARAMETERS, T0), 100, 100);
    }
    long sequenceBefore = other.sequence("u1").orElseThrow();
    start(Duration.ofSeconds(30));
    String right = TimeBasedCode.codeAt(KEY, PARAMETERS, T0, 0);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 1; i <= registrations; i++) {
        answers.add(verifyAsync("r" + i, right));
      }
    }
    awaitArrived();

    assertHealthServed("served while the right codes wait");
    assertThat(answers).as("no right code answered before its commit").noneMatch(a -> a.isDone());
    assertThat(other.registration("r1").orElseThrow().state())
        .as("nothing verified before the commit")
        .isEqualTo(Registration.State.PENDING);

    gate.release(1000);
    for (int i = 1; i <= registrations; i++) {
      int verified = 0;
      for (int round = 0; round < 3; round++) {
        HttpResponse<String> response =
            answers.get(round * registrations + i - 1).get(30, TimeUnit.SECONDS);
        if (response.statusCode() == 200) {
          verified++;
        } else {
          assertThat(response.statusCode()).as("r" + i + ": " + response.body()).isEqualTo(400);
          assertThat(response.body()).contains("already set up");
        }
      }
      assertThat(verified).as("r" + i + " verified by exactly one request").isEqualTo(1);
      assertThat(other.registration("r" + i).orElseThrow().state())
          .isEqualTo(Registration.State.VERIFIED);
    }
    assertThat(other.sequence("u1").orElseThrow())
        .as("one event counted per registration verified")
        .isEqualTo(sequenceBefore + registrations);
  }

  @Test
  void answersWaitingForACommitHoldNoJettyThread() throws Exception {
    start(Duration.ofSeconds(30));
    // More verifies than the server has threads (WireMock's default pool is 25), one registration.
    int verifies = 60;
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < verifies; i++) {
      answers.add(verifyAsync(wrong));
    }
    awaitArrived();

    assertHealthServed("served while every verify waits");
    assertThat(answers).as("no verify answered before its commit").noneMatch(a -> a.isDone());

    gate.release(1000);
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(400);
    }
    assertThat(failures()).as("every failure answered, counted once").isEqualTo(verifies);
  }

  @Test
  void aRefusedStatementIsAnsweredAsTheStoresFailureAndChangesNothing() throws Exception {
    start(Duration.ofSeconds(30));
    gate.release(1000);
    refuse.set(true);

    HttpResponse<String> failed = verifyAsync(wrong).get(30, TimeUnit.SECONDS);

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).contains("internal error").doesNotContain("Exception");
    assertThat(failures()).isZero();
    refuse.set(false);
    HttpResponse<String> next = verifyAsync(wrong).get(30, TimeUnit.SECONDS);
    assertThat(next.statusCode()).isEqualTo(400);
    assertThat(failures()).as("counted once, by the request that was answered 400").isEqualTo(1);
  }

  @Test
  void aWriteThatLostToAnotherProcessIsDecidedAgainAndCountedOnce() throws Exception {
    start(Duration.ofSeconds(30));
    gate.release(1000);
    assertThat(verifyAsync(wrong).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(400);
    // Another replica counts a failure: this one's view of r1 is now one version behind.
    other.transition(
        "r1", r -> new Transition<>(r.failed(r.failedAttempts() + 1, r.lockedUntil()), "failed"));

    HttpResponse<String> again = verifyAsync(wrong).get(30, TimeUnit.SECONDS);

    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(failures()).as("decided again on the fresh row, counted once").isEqualTo(3);
    assertThat(server.journalSize()).as("one entry per answer sent").isEqualTo(2);
  }

  @Test
  void aClientGoneWhileItsWriteWaitsStillHasItsFailureCounted() throws Exception {
    start(Duration.ofSeconds(30));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(rawVerify(wrong));
      out.flush();
      awaitArrived();
    }
    gate.release(1000);

    HttpResponse<String> next = verifyAsync(wrong).get(30, TimeUnit.SECONDS);
    assertThat(next.statusCode()).isEqualTo(400);
    assertThat(failures()).as("the gone client's failure and the next one").isEqualTo(2);
  }

  @Test
  void noCommitInTimeIsAnsweredAsAFailureAndTheLateCommitSendsNothing() throws Exception {
    start(Duration.ofSeconds(3));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      byte[] request = rawVerify(wrong);
      out.write(request);
      out.flush();
      awaitArrived();
      InputStream in = socket.getInputStream();
      String first = readAnswer(in);
      assertThat(first).startsWith("HTTP/1.1 500").contains("internal error");

      gate.release(1000);
      // The same connection goes on: its next request gets its own answer, and only that.
      out.write(request);
      out.flush();
      String second = readAnswer(in);
      assertThat(second).startsWith("HTTP/1.1 400");
    }
    assertThat(failures()).as("the late commit counted, and the next request").isEqualTo(2);
  }

  @Test
  void clientsThatReadNoAnswerHoldUpNoOneElse() throws Exception {
    start(Duration.ofSeconds(30));
    gate.release(1000);
    // HTTP/2 clients that give the server no room to send a stream's data (a window of 0): each
    // answer's body waits for a WINDOW_UPDATE that never comes. More of them than the group
    // commit has threads.
    HTTP2Client h2 = new HTTP2Client();
    h2.setInitialStreamRecvWindow(0);
    h2.start();
    List<Session> sessions = new ArrayList<>();
    try {
      int stalled = 4;
      for (int i = 0; i < stalled; i++) {
        FuturePromise<Session> connected = new FuturePromise<>();
        h2.connect(
            new InetSocketAddress("127.0.0.1", server.port()),
            new Session.Listener.Adapter(),
            connected);
        Session session = connected.get(10, TimeUnit.SECONDS);
        sessions.add(session);
        HttpFields.Mutable fields = HttpFields.build();
        fields.add("content-type", "application/json");
        fields.add("authorization", "Bearer t1");
        MetaData.Request meta =
            new MetaData.Request(
                "POST",
                HttpURI.build()
                    .scheme("http")
                    .host("127.0.0.1")
                    .port(server.port())
                    .pathQuery("/resources/v3alpha/users/u1/totp/r1/_verify"),
                HttpVersion.HTTP_2,
                fields);
        FuturePromise<Stream> opened = new FuturePromise<>();
        session.newStream(
            new HeadersFrame(meta, null, false), opened, new Stream.Listener.Adapter());
        Stream stream = opened.get(10, TimeUnit.SECONDS);
        byte[] body = ("\"" + wrong + "\"").getBytes(StandardCharsets.US_ASCII);
        stream.data(new DataFrame(stream.getId(), ByteBuffer.wrap(body), true), Callback.NOOP);
        // One at a time, each its own commit: its failure is committed (its answer then waits on
        // the client: Jetty sends neither its headers nor its body).
        assertThat(committed.tryAcquire(20, TimeUnit.SECONDS))
            .as("stalled client %d's verify committed, not held behind another's answer", i + 1)
            .isTrue();
      }
      assertThat(failures()).as("each stalled client's failure").isEqualTo(stalled);
      // Everyone else is still answered at once, not after the stalled answers' idle time.
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> other = verifyAsync(wrong).get(10, TimeUnit.SECONDS);
        assertThat(other.statusCode()).isEqualTo(400);
      }
      assertThat(failures()).as("each counted once").isEqualTo(stalled + 5);
    } finally {
      for (Session session : sessions) {
        session.close(ErrorCode.NO_ERROR.code, null, Callback.NOOP);
      }
      h2.stop();
    }
  }

  /** A verify of r1 as HTTP/1.1 bytes, for a socket the test holds. */
  private static byte[] rawVerify(String code) {
    String body = "\"" + code + "\"";
    return ("POST /resources/v3alpha/users/u1/totp/r1/_verify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer t1\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private void assertHealthServed(String why) throws Exception {
    HttpResponse<String> health =
        client
            .sendAsync(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/__admin/health")).build(),
                HttpResponse.BodyHandlers.ofString())
            .get(30, TimeUnit.SECONDS);
    assertThat(health.statusCode()).as(why).isEqualTo(200);
  }

  private CompletableFuture<HttpResponse<String>> verifyAsync(String code) {
    return verifyAsync("r1", code);
  }

  private CompletableFuture<HttpResponse<String>> verifyAsync(String totpId, String code) {
    return client.sendAsync(
        HttpRequest.newBuilder(
                URI.create(
                    server.baseUrl() + "/resources/v3alpha/users/u1/totp/" + totpId + "/_verify"))
            .POST(HttpRequest.BodyPublishers.ofString("\"" + code + "\""))
            .header("Authorization", "Bearer t1")
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int failures() {
    return other.registration("r1").orElseThrow().failedAttempts();
  }

  private void awaitArrived() throws InterruptedException {
    assertThat(arrived.tryAcquire(30, TimeUnit.SECONDS)).as("the write reached the gate").isTrue();
  }

  /** One HTTP/1.1 answer with a Content-Length, head and body. */
  private static String readAnswer(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the answer's head").isNotNegative();
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return head + new String(body, StandardCharsets.UTF_8);
  }

  /** Statements in {@code gated} wait for the gate (and fail while refusing); others pass. */
  private DataSource gatedAt(DataSource target, Set<String> gated) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = JdbcTesting.invoke(target, method, args);
              if (!"getConnection".equals(method.getName())) {
                return result;
              }
              Connection connection = (Connection) result;
              return Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (!"prepareStatement".equals(m.getName()) || !gated.contains(a[0])) {
                      return JdbcTesting.invoke(connection, m, a);
                    }
                    arrived.release();
                    gate.acquire();
                    gate.release();
                    if (refuse.get()) {
                      throw new SQLException("refused by the test", "XX000");
                    }
                    PreparedStatement statement =
                        (PreparedStatement) JdbcTesting.invoke(connection, m, a);
                    // Autocommit: a checked write is committed when its statement returns.
                    return Proxy.newProxyInstance(
                        PreparedStatement.class.getClassLoader(),
                        new Class<?>[] {PreparedStatement.class},
                        (ps, sm, sa) -> {
                          Object done = JdbcTesting.invoke(statement, sm, sa);
                          if (sm.getName().startsWith("execute")) {
                            committed.release();
                          }
                          return done;
                        });
                  });
            });
  }
}

package org.totpkit.mock.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The journal's ring of encoded entries, through its own surface (what WireMock calls and what the
 * contract's answers record): newest first across both kinds of entry, the cap, ids, removal, the
 * byte form free of secrets, a large entry, and 64 writers with a reader.
 */
class RedactedJournalStoreTest {
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
  private static final byte[] ERROR =
      "{\"code\":3,\"message\":\"Code is invalid\"}".getBytes(StandardCharsets.UTF_8);

  // WireMock's logged request, made from its JSON form (as its admin client reads one); a header
  // named Cookie gives its cookies.
  private static Request request(String path, String body, String... headers) {
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, Object> byName = new LinkedHashMap<>();
    Map<String, String> cookies = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      String name = headers[i];
      String value = headers[i + 1];
      byName.merge(
          name,
          value,
          (old, more) -> {
            List<Object> values = new ArrayList<>();
            if (old instanceof List<?> list) {
              values.addAll(list);
            } else {
              values.add(old);
            }
            values.add(more);
            return values;
          });
      if (name.equals("Cookie")) {
        String[] pair = value.split("=", 2);
        cookies.put(pair[0], pair[1]);
      }
    }
    fields.put("url", path);
    fields.put("absoluteUrl", "http://localhost:8080" + path);
    fields.put("method", "POST");
    fields.put("clientIp", "127.0.0.1");
    fields.put("headers", byName);
    fields.put("cookies", cookies);
    fields.put("browserProxyRequest", false);
    fields.put("loggedDate", 0L);
    fields.put(
        "bodyAsBase64", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
    fields.put("protocol", "HTTP/1.1");
    return Json.getObjectMapper().convertValue(fields, LoggedRequest.class);
  }

  // An entry WireMock adds itself (as for a request no stub matched).
  private static ServeEvent own(String path) {
    return ServeEvent.ofUnmatched(
        (LoggedRequest) request(path, ""), ResponseDefinition.notConfigured());
  }

  private static void answer(RedactedJournalStore journal, String path) {
    journal.recordContractAnswer(request(path, ""), 1_000L, 400, JSON, ERROR, true);
  }

  private static List<String> urls(RedactedJournalStore journal) {
    return journal.getAll().map(e -> e.getRequest().getUrl()).toList();
  }

  @Test
  void keepsTheNewestUpToItsCapAcrossBothKindsNewestFirst() {
    RedactedJournalStore journal = new RedactedJournalStore(3);
    answer(journal, "/a");
    journal.add(own("/b"));
    answer(journal, "/c");
    assertThat(urls(journal)).containsExactly("/c", "/b", "/a");
    answer(journal, "/d");
    journal.add(own("/e"));
    assertThat(urls(journal)).containsExactly("/e", "/d", "/c");
    assertThat(journal.size()).isEqualTo(3);
    journal.removeLast();
    assertThat(urls(journal)).containsExactly("/e", "/d");
    journal.clear();
    assertThat(journal.size()).isZero();
    assertThat(journal.getAll()).isEmpty();
    answer(journal, "/f");
    assertThat(urls(journal)).containsExactly("/f");
  }

  @Test
  void idsAreUniqueStableAndFindTheirEntryUntilItIsPushedOut() {
    RedactedJournalStore journal = new RedactedJournalStore(4);
    answer(journal, "/a");
    ServeEvent own = own("/b");
    journal.add(own);
    answer(journal, "/c");
    List<UUID> keys = journal.getAllKeys().toList();
    assertThat(keys).hasSize(3).doesNotHaveDuplicates().contains(own.getId());
    // The same ids, and the same event, each time the journal is read.
    assertThat(journal.getAll().map(ServeEvent::getId).toList()).isEqualTo(keys);
    assertThat(journal.get(keys.get(0)).orElseThrow())
        .isSameAs(journal.get(keys.get(0)).orElseThrow());
    assertThat(journal.get(keys.get(2)).orElseThrow().getRequest().getUrl()).isEqualTo("/a");
    assertThat(journal.get(own.getId()).orElseThrow().getRequest().getUrl()).isEqualTo("/b");
    assertThat(journal.get(UUID.randomUUID())).isEmpty();
    answer(journal, "/d");
    answer(journal, "/e");
    assertThat(journal.get(keys.get(2))).isEmpty(); // "/a" pushed out
    assertThat(journal.getAllKeys().toList()).hasSize(4).endsWith(keys.get(0), keys.get(1));
  }

  @Test
  void removeByIdKeepsTheOrderAndTheCapCountsWhatIsLeft() {
    RedactedJournalStore journal = new RedactedJournalStore(3);
    answer(journal, "/a");
    answer(journal, "/b");
    answer(journal, "/c");
    UUID b = journal.getAllKeys().toList().get(1);
    journal.remove(b);
    assertThat(urls(journal)).containsExactly("/c", "/a");
    assertThat(journal.get(b)).isEmpty();
    // Room for one more before the oldest goes, as in a deque with a cap.
    answer(journal, "/d");
    assertThat(urls(journal)).containsExactly("/d", "/c", "/a");
    answer(journal, "/e");
    assertThat(urls(journal)).containsExactly("/e", "/d", "/c");
    journal.remove(UUID.randomUUID());
    assertThat(journal.size()).isEqualTo(3);
  }

  @Test
  void putReplacesAnEntryThatIsThereAndNothingElse() {
    RedactedJournalStore journal = new RedactedJournalStore(2);
    ServeEvent own = own("/a");
    journal.add(own);
    ServeEvent again = own("/a2");
    journal.put(
        own.getId(),
        new ServeEvent(
            own.getId(),
            again.getRequest(),
            null,
            ResponseDefinition.notConfigured(),
            null,
            false,
            null,
            null));
    assertThat(urls(journal)).containsExactly("/a2");
    journal.put(UUID.randomUUID(), again);
    assertThat(journal.size()).isEqualTo(1);
  }

  @Test
  void noCapNoEntries() {
    RedactedJournalStore journal = new RedactedJournalStore(0);
    answer(journal, "/a");
    journal.add(own("/b"));
    assertThat(journal.size()).isZero();
    assertThat(journal.getAll()).isEmpty();
  }

  @Test
  void theByteFormHoldsNoSecretAndReadsBackRedacted() {
    RedactedJournalStore journal = new RedactedJournalStore(5);
    String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    String code = "492039";
    String bearer = "Bearer tok-" + UUID.randomUUID();
    byte[] answer =
        ("{\"totpId\":\"1\",\"uri\":\"otpauth://totp/x?secret="
                + secret
                + "\",\"secret\":\""
                + secret
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    journal.recordContractAnswer(
        request(
            "/resources/v3alpha/users/1/totp",
            "{\"secret\":\"" + secret + "\"}",
            "Authorization",
            bearer,
            "Cookie",
            "session=" + secret),
        1L,
        200,
        JSON,
        answer,
        false);
    journal.recordContractAnswer(
        request("/resources/v3alpha/users/1/totp/2/_verify", "\"" + code + "\""),
        2L,
        400,
        JSON,
        ERROR,
        true);
    List<byte[]> stored = journal.encodedEntries();
    assertThat(stored).hasSize(2);
    for (byte[] bytes : stored) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(text).doesNotContain(secret).doesNotContain(code).doesNotContain(bearer);
      assertThat(text).doesNotContain(bearer.substring("Bearer ".length()));
    }
    String json = journal.getAll().map(Json::write).reduce("", String::concat);
    String all = journal.getAll().map(e -> e.getRequest().getBodyAsString()).toList().toString();
    assertThat(all).contains(Redaction.REDACTED).doesNotContain(secret).doesNotContain(code);
    ServeEvent start = journal.getAll().toList().get(1);
    assertThat(start.getRequest().getHeader("Authorization")).isEqualTo(Redaction.REDACTED);
    assertThat(start.getRequest().getCookies().get("session").getValue())
        .isEqualTo(Redaction.REDACTED);
    assertThat(start.getResponse().getBodyAsString()).doesNotContain(secret);
    assertThat(start.getResponse().getBodyAsString()).contains("\"totpId\":\"1\"");
    assertThat(json).doesNotContain(secret);
  }

  @Test
  void anEntryReadsBackAsItWasRecordedWithTextBeyondAscii() {
    RedactedJournalStore journal = new RedactedJournalStore(2);
    byte[] body = "{\"code\":3,\"message\":\"Côde ✓ 😀\"}".getBytes(StandardCharsets.UTF_8);
    journal.recordContractAnswer(
        request("/x?q=%C3%A9", "", "X-Note", "naïve ✓ 😀", "X-Note", "second"),
        1_234_567L,
        400,
        Map.of("Content-Type", "application/json", "X-Answer", "é"),
        body,
        true);
    ServeEvent event = journal.getAll().findFirst().orElseThrow();
    assertThat(event.getRequest().getUrl()).isEqualTo("/x?q=%C3%A9");
    assertThat(event.getRequest().getAbsoluteUrl()).isEqualTo("http://localhost:8080/x?q=%C3%A9");
    assertThat(event.getRequest().getMethod()).isEqualTo(RequestMethod.POST);
    assertThat(event.getRequest().getClientIp()).isEqualTo("127.0.0.1");
    assertThat(event.getRequest().getLoggedDate().getTime()).isEqualTo(1_234_567L);
    assertThat(event.getRequest().header("X-Note").values())
        .containsExactly("naïve ✓ 😀", "second");
    assertThat(event.getResponse().getStatus()).isEqualTo(400);
    assertThat(event.getResponse().getBodyAsString())
        .isEqualTo("{\"code\":3,\"message\":\"Côde ✓ 😀\"}");
    assertThat(event.getResponse().getHeaders().getHeader("X-Answer").firstValue()).isEqualTo("é");
  }

  @Test
  void aLargeEntryIsKeptWholeAndItsBufferDoesNotStayOnceItIsPushedOut() {
    RedactedJournalStore journal = new RedactedJournalStore(2);
    char[] filler = new char[300_000];
    Arrays.fill(filler, 'x');
    String large = "{\"code\":3,\"message\":\"" + new String(filler) + "\"}";
    journal.recordContractAnswer(
        request("/big", ""), 1L, 400, JSON, large.getBytes(StandardCharsets.UTF_8), true);
    assertThat(journal.getAll().findFirst().orElseThrow().getResponse().getBodyAsString())
        .isEqualTo(large);
    answer(journal, "/a");
    answer(journal, "/b");
    assertThat(urls(journal)).containsExactly("/b", "/a");
    assertThat(journal.encodedEntries()).allSatisfy(b -> assertThat(b.length).isLessThan(1024));
    assertThat(journal.slotBytes()).isLessThan(2 * 16 * 1024);
  }

  @Test
  void sixtyFourWritersAndAReaderSeeWholeEntriesNewestFirstWithUniqueIds() throws Exception {
    int capacity = 1000;
    int writers = 64;
    int each = 500;
    RedactedJournalStore journal = new RedactedJournalStore(capacity);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    CountDownLatch go = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < each; i++) {
                    // Writer and count in the path; the logged time counts up per writer.
                    journal.recordContractAnswer(
                        request("/w" + writer + "/" + i, "", "X-Pad", "p".repeat(i % 97)),
                        i,
                        400,
                        JSON,
                        ERROR,
                        true);
                    if (i % 50 == 0) {
                      journal.add(own("/own" + writer + "/" + i));
                    }
                  }
                  return null;
                }));
      }
      Future<Integer> reader =
          pool.submit(
              () -> {
                go.await();
                int reads = 0;
                while (writing.get()) {
                  List<ServeEvent> seen = journal.getAll().toList();
                  assertThat(seen.size()).isLessThanOrEqualTo(capacity);
                  Set<UUID> ids = new HashSet<>();
                  for (ServeEvent event : seen) {
                    assertThat(ids.add(event.getId())).isTrue();
                    String url = event.getRequest().getUrl();
                    assertThat(url).matches("/(w|own)\\d+/\\d+");
                  }
                  assertNewestFirstPerWriter(seen);
                  reads++;
                }
                return reads;
              });
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
    } finally {
      pool.shutdownNow();
    }
    List<ServeEvent> last = journal.getAll().toList();
    assertThat(last).hasSize(capacity);
    assertThat(last.stream().map(ServeEvent::getId).distinct().count()).isEqualTo(capacity);
    assertNewestFirstPerWriter(last);
    // What is pushed out is the oldest: of each writer's entries, the kept ones are its newest.
    Map<String, List<Integer>> kept = new java.util.HashMap<>();
    for (ServeEvent event : last) {
      String[] parts = event.getRequest().getUrl().split("/");
      if (parts[1].startsWith("w")) {
        kept.computeIfAbsent(parts[1], w -> new ArrayList<>()).add(Integer.parseInt(parts[2]));
      }
    }
    assertThat(kept).isNotEmpty();
    kept.forEach(
        (writer, newestFirst) -> {
          for (int k = 0; k < newestFirst.size(); k++) {
            assertThat(newestFirst.get(k)).as(writer).isEqualTo(each - 1 - k);
          }
        });
  }

  // Within one writer's contract entries, a later one comes first.
  private static void assertNewestFirstPerWriter(List<ServeEvent> seen) {
    Map<String, Integer> lastSeen = new java.util.HashMap<>();
    for (ServeEvent event : seen) {
      String[] parts = event.getRequest().getUrl().split("/");
      if (!parts[1].startsWith("w")) {
        continue;
      }
      int i = Integer.parseInt(parts[2]);
      Integer newer = lastSeen.put(parts[1], i);
      if (newer != null) {
        assertThat(i).isLessThan(newer);
      }
    }
  }
}

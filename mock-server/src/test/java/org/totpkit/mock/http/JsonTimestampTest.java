package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A date-time in a REST body is the text protobuf's Timestamps writes, to the nanosecond. */
class JsonTimestampTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1970-01-01T00:00:00Z",
        "2005-03-18T01:58:31Z",
        "2005-03-18T01:58:31.100Z",
        "2005-03-18T01:58:31.120Z",
        "2005-03-18T01:58:31.000123Z",
        "2005-03-18T01:58:31.000000001Z",
        "2005-03-18T01:58:31.123456789Z",
        "1969-12-31T23:59:59.999Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z"
      })
  void anInstantIsWrittenAsTimestampsWritesIt(String text) {
    Instant instant = Instant.parse(text);
    String protobuf =
        Timestamps.toString(
            Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build());

    assertThat(Json.write(instant.atOffset(ZoneOffset.UTC))).isEqualTo('"' + protobuf + '"');
    assertThat(Json.write(instant.atOffset(ZoneOffset.ofHours(5)))).isEqualTo('"' + protobuf + '"');
  }
}

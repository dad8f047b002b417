package org.totpkit.mock.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The one JSON configuration: protojson-like output, strict input (no coercions, no extras). */
public final class Json {
  public static final ObjectMapper MAPPER = create();

  private Json() {}

  /**
   * The body as text, or empty when it is not UTF-8: a replacement character would turn a malformed
   * body into a value (a wrong code, a login name) instead of a client error.
   */
  public static Optional<String> strictUtf8(byte[] body) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body == null ? new byte[0] : body))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper create() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // After JavaTimeModule, so that it wins: timestamps as protojson writes them.
            .addModule(new SimpleModule("protojson-timestamps").addSerializer(new Rfc3339()))
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Enum}) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    return mapper;
  }

  /**
   * An {@code OffsetDateTime} as protojson writes a {@code google.protobuf.Timestamp}
   * (grpc-gateway's REST body): UTC with {@code Z}, a fraction only when it is not zero, of 3, 6 or
   * 9 digits. Jackson's own form drops trailing zeros ({@code .12Z}) and keeps the offset;
   * protobuf's {@code Timestamps} writes the contract's.
   */
  private static final class Rfc3339 extends ToStringSerializerBase {
    Rfc3339() {
      super(OffsetDateTime.class);
    }

    // protobuf's range for a Timestamp (years 1 to 9999); Timestamps refuses any other instant.
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    @Override
    public String valueToString(Object value) {
      java.time.Instant instant = ((OffsetDateTime) value).toInstant();
      if (instant.getEpochSecond() >= MIN_SECONDS && instant.getEpochSecond() <= MAX_SECONDS) {
        // The same text: ISO_INSTANT also writes UTC with Z and a fraction of 0, 3, 6 or 9 digits,
        // without Timestamps' SimpleDateFormat (a copy of the locale's date symbols per call, 3 KB
        // of a start answer's allocation).
        return DateTimeFormatter.ISO_INSTANT.format(instant);
      }
      return Timestamps.toString(
          Timestamp.newBuilder()
              .setSeconds(instant.getEpochSecond())
              .setNanos(instant.getNano())
              .build());
    }
  }
}

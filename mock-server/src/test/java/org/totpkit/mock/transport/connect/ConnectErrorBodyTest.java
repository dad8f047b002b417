package org.totpkit.mock.transport.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.contract.proto.zitadel.v1.ErrorDetail;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.contract.StatusCode;

/**
 * The Connect error bodies kept as bytes are, byte for byte, what Jackson writes for the Connect
 * error JSON, for every row of the error table that an RPC can answer; the rows with an ID are
 * rendered once and shared, the others rendered per answer.
 */
class ConnectErrorBodyTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  /** The Connect error JSON as the protocol spells it, written by Jackson here. */
  private static byte[] jackson(ContractError error) throws Exception {
    ObjectNode body = JACKSON.createObjectNode();
    body.put("code", error.code().connectName);
    body.put("message", error.message());
    if (error.detail().isPresent()) {
      ErrorDetail detail =
          ErrorDetail.newBuilder()
              .setId(error.detail().get().id())
              .setMessage(error.detail().get().message())
              .build();
      ObjectNode any = body.putArray("details").addObject();
      any.put("type", "zitadel.v1.ErrorDetail");
      any.put("value", Base64.getEncoder().withoutPadding().encodeToString(detail.toByteArray()));
    }
    return JACKSON.writeValueAsBytes(body);
  }

  static Stream<ContractError> rowsWithAnId() {
    return Stream.of(
        ErrorTable.notBearer(),
        ErrorTable.unknownToken(),
        ErrorTable.userNotFound(),
        ErrorTable.permissionDenied(),
        ErrorTable.registrationNotFound(),
        ErrorTable.authenticatorNotFound(),
        ErrorTable.alreadyVerified(),
        ErrorTable.locked(Duration.ofSeconds(1)),
        ErrorTable.locked(Duration.ofMillis(12_345)),
        ErrorTable.invalidCode(),
        ErrorTable.v2UserNotFoundOnRegister(),
        ErrorTable.membershipNotFound(),
        ErrorTable.totpAlreadySetUp(),
        ErrorTable.totpAlreadyReady());
  }

  static Stream<ContractError> rowsWithoutAnId() {
    return Stream.of(
        ErrorTable.noRoute(),
        ErrorTable.wrongMethod(),
        ErrorTable.authHeaderMissing(),
        ErrorTable.outOfScope(),
        ErrorTable.internal(),
        ErrorTable.fieldLength(Operation.VERIFY, "code", 1, 200),
        ErrorTable.unknownService("no.Such \"svc\""),
        ErrorTable.unknownMethod("Nope\u00e9\n"),
        ErrorTable.connectUnmarshallable("the body is not a valid JSON request"),
        ErrorTable.connectUnsupportedEncoding("br"),
        ErrorTable.messageTooLarge(70_000, 65_536));
  }

  static Stream<ContractError> everyRow() {
    return Stream.concat(rowsWithAnId(), rowsWithoutAnId());
  }

  @ParameterizedTest
  @MethodSource("everyRow")
  void everyRowIsWhatJacksonWrites(ContractError row) throws Exception {
    assertThat(new String(ConnectErrorBody.bytes(row), "UTF-8"))
        .isEqualTo(new String(jackson(row), "UTF-8"));
    // Twice: a row taken from the kept bytes is the same as the first rendering.
    assertThat(ConnectErrorBody.bytes(row)).isEqualTo(jackson(row));
  }

  @ParameterizedTest
  @MethodSource("rowsWithAnId")
  void aRowWithAnIdIsRenderedOnceAndItsSecondsAreNotInTheBody(ContractError row) {
    byte[] first = ConnectErrorBody.bytes(row);
    assertThat(ConnectErrorBody.bytes(row)).isSameAs(first);
    assertThat(ConnectErrorBody.bytes(row.retryAfter(99))).isSameAs(first);
  }

  @ParameterizedTest
  @MethodSource("rowsWithoutAnId")
  void aRowWithoutAnIdIsRenderedPerAnswer(ContractError row) {
    assertThat(ConnectErrorBody.bytes(row)).isNotSameAs(ConnectErrorBody.bytes(row));
  }

  @Test
  void aRewrittenErrorIsRenderedAsItIsNotTakenFromItsRow() throws Exception {
    ContractError row = ErrorTable.invalidCode();
    ConnectErrorBody.bytes(row);
    for (ContractError rewritten :
        List.of(
            row.withCode(StatusCode.INTERNAL),
            row.withoutDetail(),
            ContractError.withId(StatusCode.INVALID_ARGUMENT, "OTHER-1", "Invalid code"))) {
      byte[] bytes = ConnectErrorBody.bytes(rewritten);
      assertThat(bytes).as("%s", rewritten).isEqualTo(jackson(rewritten));
      JsonNode body = JACKSON.readTree(bytes);
      assertThat(body.path("code").asText()).isEqualTo(rewritten.code().connectName);
    }
  }
}

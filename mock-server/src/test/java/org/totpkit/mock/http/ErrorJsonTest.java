package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.contract.api.model.ProtobufAny;
import org.totpkit.contract.api.model.RpcStatus;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.StatusCode;

/** The error bodies written without Jackson are, byte for byte, what Jackson writes. */
class ErrorJsonTest {
  private static byte[] jackson(RpcStatus status) {
    return Json.write(status).getBytes(StandardCharsets.UTF_8);
  }

  /** Every row of the error table of both dialects (fixed and with a variable part). */
  static Stream<ContractError> everyRow() {
    List<ContractError> rows = new ArrayList<>(ErrorJson.fixedRows());
    rows.addAll(ErrorJson.variableRows());
    rows.add(ErrorTable.wrongMethod());
    rows.add(ErrorTable.locked(java.time.Duration.ofMillis(12_345)));
    return rows.stream();
  }

  @ParameterizedTest
  @MethodSource("everyRow")
  void everyRowIsWhatJacksonWrites(ContractError row) {
    ApiResponse answer = Rendering.error(row);
    RpcStatus status = (RpcStatus) answer.body();

    assertThat(new String(Rendering.bytes(answer), StandardCharsets.UTF_8))
        .isEqualTo(new String(jackson(status), StandardCharsets.UTF_8));
    assertThat(ErrorJson.write(status)).isEqualTo(jackson(status));
  }

  @Test
  void theFixedRowsAreKeptAsBytesAndNotRenderedAgain() {
    for (ContractError row : ErrorJson.fixedRows()) {
      RpcStatus first = Rendering.status(row);
      RpcStatus second = Rendering.status(row);
      assertThat(ErrorJson.bytes(first)).as("%s", row).isSameAs(ErrorJson.bytes(second));
    }
  }

  @Test
  void aRewrittenBodyIsWrittenAfreshNotTakenFromTheRow() {
    RpcStatus status = Rendering.status(ErrorTable.invalidCode());
    status.setCode(StatusCode.INTERNAL.value);
    assertThat(ErrorJson.bytes(status)).isEqualTo(jackson(status));
    status.getDetails().get(0).setId("OTHER-1");
    assertThat(ErrorJson.bytes(status)).isEqualTo(jackson(status));
  }

  @Test
  void oddTextIsEscapedAsJacksonEscapesIt() {
    StringBuilder every = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      every.append(c);
    }
    every.append("é ü € 𝄞 \u2028 \u2029 \uFFFF \u00A0 </script>");
    for (String text : List.of(every.toString(), "", "\"quoted\" \\ back", "\ud800 lone")) {
      RpcStatus status =
          new RpcStatus()
              .code(3)
              .message(text)
              .details(
                  List.of(
                      new ProtobufAny().atType(text).id(text).message(text),
                      new ProtobufAny().atType(text)));
      assertThat(ErrorJson.write(status)).as("%s", text).isEqualTo(jackson(status));
    }
  }

  @Test
  void missingFieldsAreLeftOutAsJacksonLeavesThemOut() {
    for (RpcStatus status :
        List.of(
            new RpcStatus(),
            new RpcStatus().code(5),
            new RpcStatus().message("only"),
            new RpcStatus().details(List.of()),
            new RpcStatus().code(1).details(List.of(new ProtobufAny().id("x"))))) {
      assertThat(ErrorJson.write(status)).as("%s", status).isEqualTo(jackson(status));
    }
  }

  @Test
  void extraPropertiesGoThroughJackson() {
    ProtobufAny detail = new ProtobufAny().atType("t");
    detail.putAdditionalProperty("extra", 1);
    RpcStatus status = new RpcStatus().code(3).message("m").details(List.of(detail));
    assertThat(ErrorJson.write(status)).isEqualTo(jackson(status));
    assertThat(new String(ErrorJson.write(status), StandardCharsets.UTF_8)).contains("extra");
  }
}

package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.StatusCode;
import org.totpkit.mock.transport.rpc.RpcReply;
import org.totpkit.mock.transport.rpc.RpcStatusCodec;

/**
 * The trailers of a contract row with an ID are rendered once and shared: what is shared must be
 * exactly what a fresh rendering gives, row 13's {@code retry-after} must still be each answer's
 * own, and a broken server's own {@code grpc-message} rendering must never be served from what the
 * correct one rendered.
 */
class RpcTrailersRenderedOnceTest {
  // Renders as the contract does, but is not the shared instance: never served from the cache.
  private static final UnaryOperator<String> FRESH = RpcStatusCodec::percentEncode;

  private static Map<String, String> shared(ContractError error) {
    return RpcStatusCodec.trailers(RpcReply.failed(error), RpcStatusCodec.PERCENT_ENCODING);
  }

  private static Map<String, String> fresh(ContractError error) {
    return RpcStatusCodec.trailers(RpcReply.failed(error), FRESH);
  }

  @Test
  void aSharedRenderingIsTheFreshOneInTheSameOrder() {
    for (ContractError row :
        new ContractError[] {
          ErrorTable.invalidCode(),
          ErrorTable.alreadyVerified(),
          ErrorTable.registrationNotFound(),
          ErrorTable.unknownToken(),
          ErrorTable.outOfScope()
        }) {
      shared(row);
      Map<String, String> again = shared(row);
      assertThat(again).containsExactlyEntriesOf(fresh(row));
      assertThat(again.keySet()).startsWith("grpc-status", "grpc-message");
    }
  }

  @Test
  void row13KeepsEachAnswersOwnRetryAfter() {
    Map<String, String> inTwoSeconds = shared(ErrorTable.locked(Duration.ofMillis(1500)));
    Map<String, String> inFiftySeconds = shared(ErrorTable.locked(Duration.ofSeconds(50)));

    assertThat(inTwoSeconds).containsEntry("retry-after", "2");
    assertThat(inFiftySeconds).containsEntry("retry-after", "50");
    assertThat(inFiftySeconds.keySet())
        .containsExactly("grpc-status", "grpc-message", "grpc-status-details-bin", "retry-after");
    assertThat(inFiftySeconds)
        .containsExactlyEntriesOf(fresh(ErrorTable.locked(Duration.ofSeconds(50))));
  }

  @Test
  void aBrokenServersMessageRenderingIsNeverTheSharedOne() {
    ContractError row = ContractError.withId(StatusCode.INVALID_ARGUMENT, "KIT-1", "100% é");
    assertThat(shared(row)).containsEntry("grpc-message", "100%25 %C3%A9 (KIT-1)");

    Map<String, String> raw = RpcStatusCodec.trailers(RpcReply.failed(row), m -> m);

    assertThat(raw).containsEntry("grpc-message", "100% é (KIT-1)");
  }

  @Test
  void okHasOnlyItsStatusAndNoAnswerCanChangeWhatIsShared() {
    Map<String, String> ok =
        RpcStatusCodec.trailers(RpcReply.ok(null), RpcStatusCodec.PERCENT_ENCODING);
    Map<String, String> wrongCode = shared(ErrorTable.invalidCode());

    assertThat(ok).containsExactly(Map.entry("grpc-status", "0"));
    assertThatThrownBy(() -> ok.put("grpc-status", "13"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> wrongCode.put("grpc-status", "13"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}

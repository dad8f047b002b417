package org.totpkit.kit.driver.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import com.google.rpc.Status;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.totpkit.contract.proto.zitadel.object.v3alpha.Owner;
import org.totpkit.contract.proto.zitadel.object.v3alpha.OwnerType;
import org.totpkit.contract.proto.zitadel.resources.object.v3alpha.Details;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationResponse;
import org.totpkit.contract.proto.zitadel.v1.ErrorDetail;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.ContractViolation;

/** How strictly an RPC answer is held to the contract, whatever carried it. */
class RpcAnswersTest {
  private static final String MESSAGE = "User could not be found (COMMAND-4g3xq)";

  private static final Details DETAILS =
      Details.newBuilder()
          .setId("163")
          .setCreated(Timestamp.newBuilder().setSeconds(1_700_000_000))
          .setChanged(Timestamp.newBuilder().setSeconds(1_700_000_001))
          .setOwner(Owner.newBuilder().setType(OwnerType.OWNER_TYPE_ORG).setId("1"))
          .build();

  private static Status notFound(Any detail) {
    return Status.newBuilder().setCode(5).setMessage(MESSAGE).addDetails(detail).build();
  }

  private static Any errorDetail() {
    return Any.pack(
        ErrorDetail.newBuilder()
            .setId("COMMAND-4g3xq")
            .setMessage("User could not be found")
            .build());
  }

  private static ApiResponse failure(int code, String message, Status status) {
    return RpcAnswers.failure(
        "VerifyTOTPRegistration",
        Optional.of(RpcCall.VERIFY),
        code,
        message,
        Optional.of(status.toByteArray()),
        OptionalInt.empty(),
        Map.of());
  }

  @Test
  void aContractErrorBecomesCodeMessageDetailAndItsJsonForm() {
    ApiResponse answer = failure(5, MESSAGE, notFound(errorDetail()));
    assertThat(answer.code()).isEqualTo(5);
    assertThat(answer.details())
        .singleElement()
        .isEqualTo(
            new ApiResponse.ErrorDetail(
                RpcAnswers.ERROR_DETAIL_TYPE_URL, "COMMAND-4g3xq", "User could not be found"));
    assertThat(answer.fields().path("details").get(0).path("@type").asText())
        .isEqualTo(RpcAnswers.ERROR_DETAIL_TYPE_URL);
  }

  @Test
  void aStatusThatDisagreesWithTheTransportIsAViolation() {
    assertThatThrownBy(() -> failure(3, MESSAGE, notFound(errorDetail())))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("must agree");
    assertThatThrownBy(() -> failure(5, "User could not be found", notFound(errorDetail())))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("must agree");
  }

  @Test
  void onlyErrorDetailsOfTheContractsTypeUrl() {
    Any wrongUrl =
        errorDetail().toBuilder().setTypeUrl("type.example.com/zitadel.v1.ErrorDetail").build();
    assertThatThrownBy(() -> failure(5, MESSAGE, notFound(wrongUrl)))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("type.example.com");
    Any unknownField =
        errorDetail().toBuilder()
            .setValue(
                errorDetail()
                    .getValue()
                    .concat(ByteString.copyFrom(new byte[] {0x18, 0x01}))) // field 3 = 1
            .build();
    assertThatThrownBy(() -> failure(5, MESSAGE, notFound(unknownField)))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("fields the contract does not have");
  }

  @Test
  void anErrorWithAnIdButNoDetailBreaksTheDetailRule() {
    Status bare = Status.newBuilder().setCode(5).setMessage(MESSAGE).build();
    assertThatThrownBy(() -> failure(5, MESSAGE, bare))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("0 details");
  }

  @Test
  void aSuccessWithAnUnknownFieldOrOutsideTheSchemaIsAViolation() {
    VerifyTOTPRegistrationResponse good =
        VerifyTOTPRegistrationResponse.newBuilder().setDetails(DETAILS).build();
    ApiResponse answer = RpcAnswers.success(RpcCall.VERIFY, good, OptionalInt.empty(), Map.of());
    assertThat(answer.ok()).isTrue();
    assertThat(answer.text("details", "owner", "type")).hasValue("OWNER_TYPE_ORG");

    VerifyTOTPRegistrationResponse extra =
        good.toBuilder()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(9, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                    .build())
            .build();
    assertThatThrownBy(
            () -> RpcAnswers.success(RpcCall.VERIFY, extra, OptionalInt.empty(), Map.of()))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("numbers [9]");

    VerifyTOTPRegistrationResponse noOwner =
        VerifyTOTPRegistrationResponse.newBuilder()
            .setDetails(DETAILS.toBuilder().clearOwner())
            .build();
    assertThatThrownBy(
            () -> RpcAnswers.success(RpcCall.VERIFY, noOwner, OptionalInt.empty(), Map.of()))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("schema");
  }
}

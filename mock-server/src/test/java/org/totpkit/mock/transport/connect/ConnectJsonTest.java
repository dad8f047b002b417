package org.totpkit.mock.transport.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.user.v2.RemoveTOTPRequest;

/**
 * The one-pass reader of Connect JSON ({@link ConnectJson}) gives the general way's verdict and
 * message on every body: the general way is strict UTF-8, Jackson's strict tree and the type check
 * ({@code ConnectTransport.strictJson}), then protobuf's own {@code JsonFormat} ignoring unknown
 * fields, as the contract's decoding reads a message. Each case is run against both.
 */
class ConnectJsonTest {
  private static final JsonFormat.Parser PROTOJSON = JsonFormat.parser().ignoringUnknownFields();

  /** The general way: null when it refuses the body. */
  private static Message general(String body, Message prototype) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String text = ConnectTransport.strictJson(bytes, prototype.getDescriptorForType());
    if (text == null) {
      return null;
    }
    Message.Builder builder = prototype.newBuilderForType();
    try {
      PROTOJSON.merge(text, builder);
      return builder.build();
    } catch (InvalidProtocolBufferException | RuntimeException refused) {
      return null;
    }
  }

  private static Message fast(String body, Message prototype) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(ConnectJson.plainAscii(bytes)).as("a case for the one-pass reader").isTrue();
    return ConnectJson.read(bytes, prototype.newBuilderForType());
  }

  private static final Message VERIFY = VerifyTOTPRegistrationRequest.getDefaultInstance();
  private static final Message START = StartTOTPRegistrationRequest.getDefaultInstance();

  static Stream<String> cases() {
    List<String> cases =
        new ArrayList<>(
            List.of(
                "{\"id\":\"u1\",\"totpId\":\"t1\",\"code\":\"123456\"}",
                "{\"id\":\"u1\",\"totp_id\":\"t1\",\"code\":\"123456\"}",
                " \t\r\n{ \"code\" : \"1\" } \n",
                "{}",
                "{\"totpId\":\"a\",\"totp_id\":\"b\"}",
                "{\"totpId\":\"\",\"totp_id\":\"b\"}",
                "{\"totpId\":\"a\",\"totp_id\":null}",
                "{\"totpId\":null,\"totp_id\":\"a\"}",
                "{\"totpId\":\"a\",\"totpId\":\"a\"}",
                "{\"code\":null,\"instance\":null,\"organization\":null}",
                "{\"instance\":{\"id\":\"i\"}}",
                "{\"instance\":{\"domain\":\"d\"}}",
                "{\"instance\":{}}",
                "{\"instance\":{\"id\":\"i\",\"domain\":\"d\"}}",
                "{\"instance\":{\"id\":\"\",\"domain\":\"d\"}}",
                "{\"instance\":{\"id\":null,\"domain\":\"d\"}}",
                "{\"instance\":{\"id\":\"i\",\"domain\":null}}",
                "{\"organization\":{\"orgId\":\"o\",\"org_domain\":\"d\"}}",
                "{\"organization\":{\"org_id\":\"o\",\"orgId\":\"o\"}}",
                "{\"organization\":{\"orgDomain\":\"d\",\"extra\":[1,2,{\"x\":null}]}}",
                "{\"instance\":{\"id\":\"i\"},\"instance\":{\"id\":\"i\"}}",
                "{\"instance\":\"i\"}",
                "{\"instance\":[]}",
                "{\"instance\":{\"id\":5}}",
                "{\"code\":123456}",
                "{\"code\":true}",
                "{\"code\":[\"1\"]}",
                "{\"code\":{\"a\":\"1\"}}",
                "{\"code\":\"1\"}garbage",
                "{\"code\":\"1\"}{}",
                "{\"code\":\"1\"},",
                "/*c*/{\"code\":\"1\"}",
                "{'code':'1'}",
                "{code:\"1\"}",
                "{\"code\":\"1\",}",
                "{\"code\":\"1\"",
                "{\"code\"}",
                "",
                "   ",
                "null",
                "[]",
                "\"1\"",
                "123",
                "{\"code\":\"\\u00e9\\ud800\\n\\\"\\\\\\/\"}",
                "{\"code\":\"\\u0000\"}",
                "{\"code\":\"\\x\"}",
                "{\"code\":\"tab\there\"}",
                "{\"extra\":" + "9".repeat(2000) + ",\"code\":\"1\"}",
                "{\"extra\":1e999999,\"code\":\"1\"}",
                "{\"extra\":-0.5E-3,\"more\":[true,false,null,\"s\"],\"code\":\"1\"}",
                "{\"extra\":01}",
                "{\"extra\":NaN}",
                "{\"extra\":\"\",\"extra\":\"\"}",
                "{\"extra\":{\"a\":1,\"a\":2}}"));
    for (int depth : new int[] {62, 63, 64, 65, 200}) {
      cases.add("{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"code\":\"1\"}");
      cases.add("{\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theVerifyRequestIsReadAsTheGeneralWayReadsIt(String body) {
    assertThat(fast(body, VERIFY)).as(body).isEqualTo(general(body, VERIFY));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theStartRequestIsReadAsTheGeneralWayReadsIt(String body) {
    assertThat(fast(body, START)).as(body).isEqualTo(general(body, START));
  }

  @Test
  void theCasesCoverBothVerdicts() {
    long accepted = cases().filter(body -> general(body, VERIFY) != null).count();
    long refused = cases().filter(body -> general(body, VERIFY) == null).count();
    assertThat(accepted).isGreaterThan(10);
    assertThat(refused).isGreaterThan(30);
    Message read = fast("{\"id\":\"u1\",\"totp_id\":\"t1\",\"code\":\"123456\"}", VERIFY);
    assertThat(read)
        .isEqualTo(
            VerifyTOTPRegistrationRequest.newBuilder()
                .setId("u1")
                .setTotpId("t1")
                .setCode("123456")
                .build());
  }

  @Test
  void theFormEveryClientSendsIsReadWithoutJackson() {
    List<String> plain =
        List.of(
            "{\"id\":\"u1\",\"totpId\":\"t1\",\"code\":\"123456\"}",
            "{\"id\":\"u1\",\"totp_id\":\"t1\",\"code\":\"123456\"}",
            " \t\r\n{ \"code\" : \"1 2\" } \n",
            "{}",
            "{\"totpId\":\"\"}",
            "{\"instance\":{}}",
            "{\"instance\":{\"domain\":\"\"},\"organization\":{\"org_id\":\"o\"}}",
            "{\"instance\":{\"id\":\"i\"},\"code\":\"~!@#$%^&*()_+{}[]:;'<>?,./`\"}");
    for (String body : plain) {
      Message read =
          PlainJson.read(body.getBytes(StandardCharsets.UTF_8), VERIFY.newBuilderForType());
      assertThat(read).as(body).isNotNull().isEqualTo(general(body, VERIFY));
    }
    List<String> others =
        List.of(
            "{\"code\":\"a\\nb\"}",
            "{\"code\":null}",
            "{\"code\":1}",
            "{\"extra\":\"x\",\"code\":\"1\"}",
            "{\"totpId\":\"a\",\"totp_id\":\"b\"}",
            "{\"totpId\":\"\",\"totp_id\":\"b\"}",
            "{\"instance\":{\"id\":\"i\",\"domain\":\"d\"}}",
            "{\"code\":\"1\",}",
            "{\"code\":\"tab\there\"}",
            "{\"code\":\"1\"} x",
            "{\"code\":\"1\"");
    for (String body : others) {
      assertThat(PlainJson.read(body.getBytes(StandardCharsets.UTF_8), VERIFY.newBuilderForType()))
          .as("left to Jackson: %s", body)
          .isNull();
    }
  }

  /** Bodies put together at random from the names, values and mistakes above. */
  @Test
  void randomBodiesAreReadAsTheGeneralWayReadsThem() {
    Random random = new Random(18);
    String[] names = {
      "id", "totpId", "totp_id", "code", "instance", "organization", "userId", "extra", "Code"
    };
    String[] inner = {"id", "domain", "orgId", "org_id", "orgDomain", "org_domain", "x"};
    String[] scalars = {"\"a\"", "\"\"", "null", "1", "true", "[]", "[\"a\"]", "{}"};
    int accepted = 0;
    int plainlyRead = 0;
    for (int i = 0; i < 3000; i++) {
      StringBuilder body = new StringBuilder("{");
      int fields = random.nextInt(5);
      for (int f = 0; f < fields; f++) {
        if (f > 0) {
          body.append(',');
        }
        body.append('"').append(names[random.nextInt(names.length)]).append("\":");
        if (random.nextInt(3) == 0) {
          body.append('{');
          int members = random.nextInt(3);
          for (int m = 0; m < members; m++) {
            if (m > 0) {
              body.append(',');
            }
            body.append('"').append(inner[random.nextInt(inner.length)]).append("\":");
            body.append(scalars[random.nextInt(scalars.length)]);
          }
          body.append('}');
        } else {
          body.append(scalars[random.nextInt(scalars.length)]);
        }
      }
      body.append('}');
      if (random.nextInt(20) == 0) {
        body.append(random.nextBoolean() ? "x" : " ");
      }
      String text = body.toString();
      Message expected = general(text, VERIFY);
      if (PlainJson.read(text.getBytes(StandardCharsets.UTF_8), VERIFY.newBuilderForType())
          != null) {
        plainlyRead++;
      }
      assertThat(fast(text, VERIFY)).as(text).isEqualTo(expected);
      assertThat(fast(text, START)).as(text).isEqualTo(general(text, START));
      if (expected != null) {
        accepted++;
      }
    }
    assertThat(accepted).as("accepted random bodies").isGreaterThan(100);
    assertThat(plainlyRead).as("random bodies read without Jackson").isGreaterThan(50);
  }

  @Test
  void onlyPrintableAsciiAndJsonWhitespaceAreReadInOnePass() {
    assertThat(ConnectJson.plainAscii("{\"code\":\"~ !\"}\t\r\n ".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    for (String other : List.of("\u0000", "\u0001", "\u007f", "\u00e9", "\ufeff", "\u000b")) {
      assertThat(ConnectJson.plainAscii(("{}" + other).getBytes(StandardCharsets.UTF_8)))
          .as("%04x", (int) other.charAt(0))
          .isFalse();
    }
  }

  @Test
  void theContractsRequestsHaveTheShapeAndOthersDoNot() {
    assertThat(ConnectJson.shaped(VERIFY.getDescriptorForType())).isTrue();
    assertThat(ConnectJson.shaped(START.getDescriptorForType())).isTrue();
    assertThat(ConnectJson.shaped(RemoveTOTPRequest.getDescriptor())).isTrue();
    assertThat(ConnectJson.shaped(com.google.rpc.Status.getDescriptor())).isFalse();
    assertThat(ConnectJson.shaped(com.google.protobuf.StringValue.getDescriptor())).isFalse();
  }
}

package org.totpkit.kit.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TargetPropertiesTest {
  private static Properties props(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void readsEveryKeyAndEnvironmentReferences() {
    Target target =
        TargetProperties.from(
            props(
                "baseUrl",
                "https://idp.example.com/",
                "user.id",
                "163",
                "user.token",
                "${KIT_TOKEN}",
                "other.token",
                "pre-${KIT_OTHER}-post",
                "admin.token",
                "a",
                "hooks.token",
                "h"),
            TargetProperties.environmentOf(Map.of("KIT_TOKEN", "secret-token", "KIT_OTHER", "x")),
            "t.properties");
    assertThat(target.baseUrl()).isEqualTo("https://idp.example.com");
    assertThat(target.userToken()).contains("secret-token");
    assertThat(target.otherToken()).contains("pre-x-post");
    assertThat(target.hasHooks()).isFalse();
    assertThat(target.clockTolerance()).isEqualTo(Target.DEFAULT_CLOCK_TOLERANCE);
    assertThat(target.toString()).doesNotContain("secret-token");
  }

  @Test
  void hooksMakeTheUserOptional() {
    Target target =
        TargetProperties.from(
            props(
                "baseUrl",
                "http://localhost:8080",
                "hooksUrl",
                "http://localhost:8080/__admin/totp"),
            name -> null,
            "t");
    assertThat(target.hasHooks()).isTrue();
  }

  @Test
  void missingKeysAreNamed() {
    assertThatThrownBy(() -> TargetProperties.from(props(), n -> null, "t"))
        .hasMessage("t: missing key baseUrl (where the contract is served)");
    assertThatThrownBy(() -> TargetProperties.from(props("baseUrl", "http://h"), n -> null, "t"))
        .hasMessageContaining("missing key user.id");
    assertThatThrownBy(
            () ->
                TargetProperties.from(props("baseUrl", "http://h", "user.id", "1"), n -> null, "t"))
        .hasMessageContaining("missing key user.token");
  }

  @Test
  void unsetEnvironmentVariablesAndBadUrlsAreNamed() {
    assertThatThrownBy(
            () ->
                TargetProperties.from(
                    props("baseUrl", "http://h", "user.id", "1", "user.token", "${NOPE}"),
                    n -> null,
                    "t"))
        .hasMessageContaining("environment variable NOPE");
    assertThatThrownBy(
            () ->
                TargetProperties.from(
                    props("baseUrl", "ftp://h", "hooksUrl", "http://h"), n -> null, "t"))
        .hasMessageContaining("baseUrl must be an http(s) URL");
  }

  @Test
  void readsTheTransportAndTheRpcUrl() {
    Target target =
        TargetProperties.from(
            props(
                "baseUrl",
                "https://idp.example.com",
                "hooksUrl",
                "https://idp.example.com/__admin/totp",
                "transport",
                "gRPC",
                "rpcUrl",
                "https://rpc.example.com:8443/"),
            TargetProperties.environmentOf(Map.of()),
            "t.properties");
    assertThat(target.transport()).isEqualTo(Transport.GRPC);
    assertThat(target.endpoint()).isEqualTo("https://rpc.example.com:8443");
    assertThat(target.over(Transport.REST).endpoint()).isEqualTo("https://idp.example.com");
  }

  @Test
  void anUnknownTransportAndAGrpcPathAreOneLineErrors() {
    assertThatThrownBy(
            () ->
                TargetProperties.from(
                    props("baseUrl", "http://h", "hooksUrl", "http://h/x", "transport", "soap"),
                    TargetProperties.environmentOf(Map.of()),
                    "t.properties"))
        .isInstanceOf(TargetConfigurationException.class)
        .hasMessage("t.properties: transport must be rest, grpc, grpc-web or connect, got soap");
    assertThatThrownBy(
            () ->
                TargetProperties.from(
                    props("baseUrl", "http://h/api", "hooksUrl", "http://h/x", "transport", "grpc"),
                    TargetProperties.environmentOf(Map.of()),
                    "t.properties"))
        .isInstanceOf(TargetConfigurationException.class)
        .hasMessageContaining("without the path /api");
  }

  @Test
  void theDialectIsV3alphaUnlessTheFileOrTheCommandLineSaysV2() {
    Properties v3alpha = props("baseUrl", "http://h", "user.id", "1", "user.token", "u");
    assertThat(TargetProperties.from(v3alpha, name -> null, "t").dialect())
        .isEqualTo(Dialect.V3ALPHA);
    Properties v2 =
        props("baseUrl", "http://h", "user.id", "1", "admin.token", "a", "dialect", "V2");
    Target target = TargetProperties.from(v2, name -> null, "t");
    assertThat(target.dialect()).isEqualTo(Dialect.V2);
    assertThat(target.referenceServer()).isFalse();
    // The command line wins, and the keys a target needs follow the dialect it chose.
    assertThatThrownBy(
            () ->
                TargetProperties.from(
                    v2, name -> null, "t", java.util.Optional.of(Dialect.V3ALPHA)))
        .hasMessage("t: missing key user.token (required without hooksUrl)");
  }

  @Test
  void aV2BlackBoxTargetNeedsTheUserAndTheAdminTokenButNotTheUsersToken() {
    assertThatThrownBy(
            () ->
                TargetProperties.from(
                    props("baseUrl", "http://h", "user.id", "1", "dialect", "v2"),
                    name -> null,
                    "t"))
        .hasMessageStartingWith("t: missing key admin.token (required without hooksUrl in v2)");
    assertThatThrownBy(
            () ->
                TargetProperties.from(
                    props("baseUrl", "http://h", "admin.token", "a", "dialect", "v2"),
                    name -> null,
                    "t"))
        .hasMessage("t: missing key user.id (required without hooksUrl in v2)");
  }

  @Test
  void referenceServerIsAFlag() {
    Properties file =
        props("baseUrl", "http://h", "hooksUrl", "http://h/__admin/totp", "referenceServer", "yes");
    assertThatThrownBy(() -> TargetProperties.from(file, name -> null, "t"))
        .hasMessage("t: referenceServer must be true or false, got yes");
    file.setProperty("referenceServer", "true");
    assertThat(TargetProperties.from(file, name -> null, "t").referenceServer()).isTrue();
  }
}

package org.totpkit.kit.driver;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI validators, built once per JVM and base path (parsing a document takes about a
 * second; a check about half a millisecond). Requests are not validated, because the kit sends
 * invalid ones on purpose; every response must match the document.
 */
public final class ContractValidation {
  public static final String PRODUCT_DOCUMENT = "totp-registration.openapi.yaml";
  static final String HOOKS_DOCUMENT = "totp-hooks.openapi.yaml";

  /** The v2 user service's TOTP operations, as grpc-gateway serves them. */
  public static final String V2_DOCUMENT = "totp-v2.openapi.yaml";

  private static final Map<String, OpenApiInteractionValidator> VALIDATORS =
      new ConcurrentHashMap<>();

  private ContractValidation() {}

  /** The validator for {@code document} served under {@code basePath} ("" for the root). */
  static OpenApiInteractionValidator validator(String document, String basePath) {
    return VALIDATORS.computeIfAbsent(
        document + "|" + basePath,
        key -> {
          OpenApiInteractionValidator.Builder builder =
              OpenApiInteractionValidator.createForInlineApiSpecification(read(document))
                  .withLevelResolver(
                      LevelResolver.create()
                          .withLevel("validation.request", ValidationReport.Level.IGNORE)
                          .build());
          if (!basePath.isEmpty()) {
            builder.withBasePathOverride(basePath);
          }
          return builder.build();
        });
  }

  /**
   * What is wrong with {@code json} as the REST answer of one operation with {@code status}: how an
   * RPC answer's JSON form (protojson, as grpc-gateway renders it) is held to the same schemas.
   * Headers are left out: WWW-Authenticate and Retry-After are REST's (the RPC transports carry the
   * status alone, and retry-after as a trailer).
   */
  public static List<String> violationsOfJsonForm(
      String method, String path, int status, String json) {
    return violationsOfJsonForm(PRODUCT_DOCUMENT, method, path, status, json);
  }

  /** As above, for the REST operation of {@code document} (one per dialect). */
  public static List<String> violationsOfJsonForm(
      String document, String method, String path, int status, String json) {
    ValidationReport report =
        jsonForms(document)
            .validateResponse(
                path,
                Request.Method.valueOf(method),
                SimpleResponse.Builder.status(status)
                    .withContentType("application/json")
                    .withBody(json)
                    .build());
    return report.getMessages().stream()
        .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
        .map(message -> message.getKey() + ": " + message.getMessage())
        .toList();
  }

  /** The product document without its REST headers, built once. */
  private static OpenApiInteractionValidator jsonForms(String document) {
    return VALIDATORS.computeIfAbsent(
        document + "|json forms",
        key ->
            OpenApiInteractionValidator.createForInlineApiSpecification(read(document))
                .withLevelResolver(
                    LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        .withLevel(
                            "validation.response.header.missing", ValidationReport.Level.IGNORE)
                        .build())
                .build());
  }

  /** A document from the contract jar; each stands alone, with no reference to another file. */
  private static String read(String document) {
    try (InputStream in =
        ContractValidation.class.getClassLoader().getResourceAsStream("openapi/" + document)) {
      if (in == null) {
        throw new IllegalStateException("openapi/" + document + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OpenAPI document " + document, e);
    }
  }
}

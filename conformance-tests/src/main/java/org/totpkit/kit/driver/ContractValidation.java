package org.totpkit.kit.driver;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI validators, built once per JVM and base path (parsing a document takes about a
 * second; a check about half a millisecond). Requests are not validated, because the kit sends
 * invalid ones on purpose; every response must match the document.
 */
final class ContractValidation {
  static final String PRODUCT_DOCUMENT = "totp-registration.openapi.yaml";
  static final String HOOKS_DOCUMENT = "totp-hooks.openapi.yaml";

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

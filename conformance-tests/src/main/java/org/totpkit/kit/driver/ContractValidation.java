package org.totpkit.kit.driver;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
  private static volatile Path documents;

  private ContractValidation() {}

  /** The validator for {@code document} served under {@code basePath} ("" for the root). */
  static OpenApiInteractionValidator validator(String document, String basePath) {
    return VALIDATORS.computeIfAbsent(
        document + "|" + basePath,
        key -> {
          OpenApiInteractionValidator.Builder builder =
              OpenApiInteractionValidator.createForSpecificationUrl(
                      documentsDirectory().resolve(document).toUri().toString())
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
   * The documents from the contract jar, copied next to each other on disk: the hooks document
   * refers to the product document by a relative path, which a resource inside a jar cannot
   * resolve.
   */
  private static synchronized Path documentsDirectory() {
    if (documents == null) {
      try {
        Path directory = Files.createTempDirectory("totp-contract-");
        for (String name : new String[] {PRODUCT_DOCUMENT, HOOKS_DOCUMENT}) {
          try (InputStream in =
              ContractValidation.class.getClassLoader().getResourceAsStream("openapi/" + name)) {
            if (in == null) {
              throw new IllegalStateException("openapi/" + name + " is not on the classpath");
            }
            Path file = directory.resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
          }
        }
        directory.toFile().deleteOnExit();
        documents = directory;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot unpack the OpenAPI documents", e);
      }
    }
    return documents;
  }
}

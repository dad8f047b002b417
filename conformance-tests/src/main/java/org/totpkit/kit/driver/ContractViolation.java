package org.totpkit.kit.driver;

/** A response that breaks the OpenAPI document; the message is the validator's, redacted. */
public final class ContractViolation extends AssertionError {
  public ContractViolation(String message) {
    super(message);
  }
}

package org.totpkit.kit.target;

/** A target that cannot be used as configured; the message is one line saying what to fix. */
public final class TargetConfigurationException extends RuntimeException {
  public TargetConfigurationException(String message) {
    super(message);
  }

  public TargetConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}

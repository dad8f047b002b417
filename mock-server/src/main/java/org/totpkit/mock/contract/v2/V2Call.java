package org.totpkit.mock.contract.v2;

/**
 * One call of a v2 operation as every transport decodes it: the {@code Authorization} value (null
 * when absent) and the fields of the request message ({@code code} null where there is none).
 */
public record V2Call(V2Operation operation, String authorization, String userId, String code) {
  @Override
  public String toString() {
    // Never the token or the code.
    return "V2Call[" + operation + ", user " + userId + "]";
  }
}

package org.totpkit.kit.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * SHA-256 over the feature files and the contract's .proto files (sorted by path; path, NUL,
 * content, NUL each): which rules ran, and which messages the RPC answers were held to.
 */
public final class FeatureFingerprint {
  private FeatureFingerprint() {}

  /** The fingerprint of a run: its feature sources plus the .proto files the kit carries. */
  public static String ofRun(Map<String, String> featureSourcesByPath) {
    Map<String, String> all = new TreeMap<>(featureSourcesByPath);
    all.putAll(ProtoFiles.sourcesByPath());
    return of(all);
  }

  public static String of(Map<String, String> sourcesByPath) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      SortedMap<String, String> sorted = new TreeMap<>(sourcesByPath);
      sorted.forEach(
          (path, source) -> {
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(source.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
          });
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}

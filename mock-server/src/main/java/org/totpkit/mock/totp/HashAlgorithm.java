package org.totpkit.mock.totp;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/** The HMAC hash functions RFC 6238 allows, by the names the Key URI uses. */
public enum HashAlgorithm {
  SHA1,
  SHA256,
  SHA512;

  Digest newDigest() {
    return switch (this) {
      case SHA1 -> new SHA1Digest();
      case SHA256 -> new SHA256Digest();
      case SHA512 -> new SHA512Digest();
    };
  }
}

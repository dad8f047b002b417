package org.totpkit.mock.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * A request body that has already arrived, served as one stream: the bytes kept, then the bytes
 * that were only counted (past what any verdict needs) as zeros, so that a reader sees the body's
 * full length and refuses it as it would the real one. Used by {@link WholeBodyFirst} and by the
 * gRPC calls answered on their HTTP/2 stream.
 */
public final class ArrivedBody extends ServletInputStream {
  private final byte[] kept;
  private long left;
  private int at;

  /**
   * @param kept the bytes kept, served first
   * @param countedOnly how many bytes more arrived and were only counted, served as zeros
   */
  public ArrivedBody(byte[] kept, long countedOnly) {
    this.kept = kept;
    this.left = countedOnly;
  }

  @Override
  public int read() {
    if (at < kept.length) {
      return kept[at++] & 0xff;
    }
    if (left > 0) {
      left--;
      return 0;
    }
    return -1;
  }

  @Override
  public int read(byte[] into, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    if (at < kept.length) {
      int n = Math.min(length, kept.length - at);
      System.arraycopy(kept, at, into, offset, n);
      at += n;
      return n;
    }
    if (left > 0) {
      int n = (int) Math.min(length, left);
      java.util.Arrays.fill(into, offset, offset + n, (byte) 0);
      left -= n;
      return n;
    }
    return -1;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, kept.length - at + left);
  }

  @Override
  public boolean isFinished() {
    return at >= kept.length && left == 0;
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public void setReadListener(ReadListener listener) {
    throw new IllegalStateException("the body has already arrived; read it directly");
  }
}

package org.totpkit.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.OneTimePassword;
import org.totpkit.mock.totp.TimeBasedCode;
import org.totpkit.mock.totp.TotpParameters;

/**
 * The server's own code maths: one HOTP code, and one verification (the skew window of three HMACs,
 * compared in constant time) with a wrong and with a right code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodeBenchmark {
  @Param({"SHA1", "SHA256", "SHA512"})
  public HashAlgorithm algorithm;

  @Param({"6", "9"})
  public int digits;

  private final byte[] key = new byte[64];
  private TotpParameters parameters;
  private final Instant at = Instant.ofEpochSecond(1_111_111_111L);
  private String right;
  private String wrong;
  private long counter;

  @Setup
  public void setUp() {
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    parameters = new TotpParameters(algorithm, digits, 30, 1);
    right = TimeBasedCode.codeAt(key, parameters, at, 0);
    // A code outside the window: neither T-1, T nor T+1.
    wrong = TimeBasedCode.codeAt(key, parameters, at, 5);
  }

  @Benchmark
  public String generate() {
    return OneTimePassword.code(algorithm, key, counter++, digits);
  }

  @Benchmark
  public boolean verifyRight() {
    return TimeBasedCode.matches(key, parameters, at, right);
  }

  @Benchmark
  public boolean verifyWrong() {
    return TimeBasedCode.matches(key, parameters, at, wrong);
  }
}

package org.totpkit.kit;

import java.io.PrintStream;
import java.util.List;

/**
 * The kit's command line as the kit's own tests run it: without the JVM's {@code -Dtotp.waivers},
 * which belongs to a vendor's run in the same surefire JVM ({@code mvn verify -Dtotp.waivers=FILE})
 * and would otherwise reach every test that leaves {@code --waivers} out.
 */
final class KitCommandLine {
  private KitCommandLine() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    return Main.run(args, name -> null, out, err);
  }
}

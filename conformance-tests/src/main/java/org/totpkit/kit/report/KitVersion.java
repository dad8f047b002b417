package org.totpkit.kit.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The kit's version, stamped into kit-version.properties by the build. */
public final class KitVersion {
  private KitVersion() {}

  public static String get() {
    try (InputStream in = KitVersion.class.getResourceAsStream("/kit-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}

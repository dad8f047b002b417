package org.totpkit.kit.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The APIs {@link TotpApi#of} has made, by transport and endpoint. */
final class OpenApis {
  static final Map<String, TotpApi> OPEN = new ConcurrentHashMap<>();
  static final ObjectMapper JSON = new ObjectMapper();

  private OpenApis() {}
}

package org.totpkit.mock.stubs;

import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import java.util.List;

/**
 * Stubs are made through the admin API and live in memory: none are read from the working directory
 * at start or on {@code resetToDefault}, and none are written (not even "persistent" ones), so the
 * server writes no file.
 */
public enum NoMappingFiles implements MappingsSource {
  INSTANCE;

  @Override
  public void save(List<StubMapping> stubMappings) {}

  @Override
  public void save(StubMapping stubMapping) {}

  @Override
  public void remove(StubMapping stubMapping) {}

  @Override
  public void removeAll() {}

  @Override
  public void loadMappingsInto(StubMappings stubMappings) {}
}

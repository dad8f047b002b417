package org.totpkit.mock.journal;

import com.github.tomakehurst.wiremock.common.SingleRootFileSource;
import com.github.tomakehurst.wiremock.store.DefaultStores;
import com.github.tomakehurst.wiremock.store.RequestJournalStore;

/** WireMock's in-memory stores, with the redacted journal in place of its own. */
public final class JournalStores extends DefaultStores {
  private final RedactedJournalStore journal;

  public JournalStores(RedactedJournalStore journal) {
    // WireMock's default root; the routes that read or write files there are closed.
    super(new SingleRootFileSource("src/test/resources"));
    this.journal = journal;
  }

  @Override
  public RequestJournalStore getRequestJournalStore() {
    return journal;
  }
}

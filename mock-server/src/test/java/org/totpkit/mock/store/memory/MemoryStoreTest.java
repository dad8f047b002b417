package org.totpkit.mock.store.memory;

import java.util.Collections;
import java.util.List;
import org.totpkit.mock.store.TotpStoreContract;
import org.totpkit.mock.totp.TotpStore;

class MemoryStoreTest extends TotpStoreContract {
  @Override
  protected TotpStore newStore() {
    return new MemoryStore();
  }

  // One process, one memory: the only store on this state is the store itself.
  @Override
  protected List<TotpStore> sharing(int n) {
    return Collections.nCopies(n, store);
  }
}

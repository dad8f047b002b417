package org.totpkit.mock.contract.v2;

/**
 * The v2 order of checks as the transports ask it: one call in, one answer out. {@link V2Contract}
 * is the contract's; {@link org.totpkit.mock.ServerParts#v2Checks} lets code that embeds the server
 * put another in front of it (the kit's tests start deliberately broken ones).
 */
@FunctionalInterface
public interface V2Checks {
  V2Answer answer(V2Call call);
}

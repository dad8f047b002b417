package org.totpkit.mock.contract;

import java.time.Instant;

/** A dialect's answer and the instant of the server's clock it was decided at. */
public record Decided<A>(A answer, Instant at) {}

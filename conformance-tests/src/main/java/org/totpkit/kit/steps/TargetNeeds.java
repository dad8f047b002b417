package org.totpkit.kit.steps;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opentest4j.TestAbortedException;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.target.Dialect;

/**
 * Skips a scenario whose need tag the target cannot meet (reported SKIPPED, "not verifiable on this
 * target", never FAILED) or that is about another transport ({@code @rest}, {@code @rpc}), and puts
 * the target's clock and policy back afterwards.
 */
public class TargetNeeds {
  private static final Map<String, Boolean> CLOCK_HOOKS = new ConcurrentHashMap<>();

  private final World world;

  public TargetNeeds(World world) {
    this.world = world;
  }

  @Before(order = 0)
  public void skipWhatTheTargetCannotShow(Scenario scenario) {
    Collection<String> tags = scenario.getSourceTagNames();
    world.tags = List.copyOf(tags);
    world
        .target
        .dialect()
        .cannotShow(tags)
        .ifPresent(
            reason -> {
              throw new TestAbortedException(reason);
            });
    world
        .target
        .transport()
        .cannotShow(tags)
        .ifPresent(
            reason -> {
              throw new TestAbortedException(reason);
            });
    boolean needsHooks = tags.contains("@hooks") || tags.contains("@clock");
    if (needsHooks && world.hooks.isEmpty()) {
      throw new TestAbortedException(World.NOT_VERIFIABLE + ": it has no hooksUrl");
    }
    if (tags.contains("@clock") && !hasClockHooks(world.hooks.get())) {
      throw new TestAbortedException(World.NOT_VERIFIABLE + ": its hooks do not serve the clock");
    }
  }

  private boolean hasClockHooks(HooksApi hooks) {
    return CLOCK_HOOKS.computeIfAbsent(
        world.target.hooksUrl().orElseThrow(),
        url -> {
          try {
            return hooks.readClock().ok();
          } catch (RuntimeException | AssertionError e) {
            return false;
          }
        });
  }

  @After
  public void restoreTheTarget() {
    world.hooks.ifPresent(
        hooks -> {
          if (world.clockChanged) {
            hooks.realClock();
          }
          if (world.policyBefore != null) {
            hooks.changePolicy(world.policyBefore);
          }
        });
    if (world.hooks.isEmpty() && world.target.dialect() == Dialect.V2) {
      // The v2 user had no TOTP when the run began (UntouchedUser): leave it with none, whatever
      // the scenario did or failed to do. Remove answers 404 when there is nothing to remove.
      try {
        world.api.remove(
            Caller.bearer(world.target.adminToken().orElseThrow()),
            world.target.userId().orElseThrow(),
            "");
      } catch (RuntimeException | AssertionError ignored) {
        // A broken answer to remove is the scenarios' to report.
      }
    } else if (world.hooks.isEmpty()) {
      // On a deployment without hooks the user is shared between scenarios: leave no registration
      // behind.
      for (World.Registration registration : world.created) {
        try {
          world.api.remove(
              registration.owner().caller(), registration.owner().userId(), registration.totpId());
        } catch (RuntimeException | AssertionError ignored) {
          // Already removed, or the target is broken: the scenario's own verdict says so.
        }
      }
    }
  }
}

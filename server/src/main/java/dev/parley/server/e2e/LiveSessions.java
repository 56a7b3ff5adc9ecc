package dev.parley.server.e2e;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Which sessions of each user are still signed in, read through the account feature at wiring time. A device belongs
 * to its session: once the session is revoked (logout, revocation, password change) the device is no longer listed
 * by {@code e2e.getDevices} nor handed out by {@code e2e.claimKeyPackages}, though its key history stays.
 */
@FunctionalInterface
public interface LiveSessions {
    /** The live session ids of each user; users without sessions map to an empty set. */
    Map<Long, Set<Long>> of(Collection<Long> userIds);
}

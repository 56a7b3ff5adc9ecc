package dev.parley.bench.e2e;

import dev.parley.crypto.identity.DeviceIdentity;
import dev.parley.crypto.mls.GroupState;
import dev.parley.crypto.mls.KeyPackageBundle;

/**
 * One member device of the benchmark: its identity, the key package it published and, once it joined, its latest
 * group state (null while it is not in the group or after it was removed).
 */
final class SimulatedDevice {
    final DeviceIdentity identity;
    final KeyPackageBundle keyPackage;
    GroupState state;

    SimulatedDevice(DeviceIdentity identity, KeyPackageBundle keyPackage) {
        this.identity = identity;
        this.keyPackage = keyPackage;
    }
}

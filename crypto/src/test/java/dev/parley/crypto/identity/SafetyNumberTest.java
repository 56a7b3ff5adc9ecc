package dev.parley.crypto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyNumberTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static DeviceKey key(long user, long device, int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return new DeviceKey(user, device, k);
    }

    @Test
    void bothSidesSeeTheSameSixtyDigitsInTwelveGroups() {
        List<DeviceKey> alice = List.of(key(1, 1, 0x11), key(1, 2, 0x12));
        List<DeviceKey> bob = List.of(key(2, 1, 0x21));

        SafetyNumber seenByAlice = SafetyNumber.of(alice, bob);
        SafetyNumber seenByBob = SafetyNumber.of(bob, alice);

        assertThat(seenByAlice).isEqualTo(seenByBob);
        assertThat(seenByAlice.groups()).hasSize(12).allMatch(g -> g.matches("[0-9]{5}"));
        assertThat(seenByAlice.display()).matches("([0-9]{5} ){11}[0-9]{5}");
    }

    @Test
    void theOrderOfDevicesDoesNotMatter() {
        SafetyNumber a = SafetyNumber.of(List.of(key(1, 1, 0x11), key(1, 2, 0x12)), List.of(key(2, 1, 0x21)));
        SafetyNumber b = SafetyNumber.of(List.of(key(1, 2, 0x12), key(1, 1, 0x11)), List.of(key(2, 1, 0x21)));

        assertThat(a).isEqualTo(b);
    }

    @Test
    void anAddedOrReplacedKeyChangesTheNumber() {
        List<DeviceKey> bob = List.of(key(2, 1, 0x21));
        SafetyNumber before = SafetyNumber.of(List.of(key(1, 1, 0x11)), bob);

        SafetyNumber added = SafetyNumber.of(List.of(key(1, 1, 0x11), key(1, 2, 0x12)), bob);
        SafetyNumber replaced = SafetyNumber.of(List.of(key(1, 1, 0x13)), bob);

        assertThat(added).isNotEqualTo(before);
        assertThat(replaced).isNotEqualTo(before).isNotEqualTo(added);
        assertThat(added.digits().substring(30)).isEqualTo(before.digits().substring(30));
    }

    @Test
    void theConstructionIsFixed() {
        // Expected value computed by an independent Python (hashlib) implementation of the construction documented
        // in SafetyNumber and docs/SECURITY.md; it must never drift, or every verified contact would change.
        SafetyNumber n = SafetyNumber.of(List.of(key(1, 1, 0x11)), List.of(key(2, 1, 0x21)));

        assertThat(n.digits()).isEqualTo(SafetyNumber.fingerprint(1, List.of(key(1, 1, 0x11)))
                + SafetyNumber.fingerprint(2, List.of(key(2, 1, 0x21))));
        assertThat(n.display()).isEqualTo(FIXED);
    }

    static final String FIXED = "71477 20880 48845 27544 92139 88311 27192 90752 08828 32847 92297 81657";

    @Test
    void aNumberIsBetweenTwoDifferentUsersWithKeys() {
        DeviceKey a = DeviceIdentity.generate(1, 1, RANDOM).deviceKey();
        assertThatThrownBy(() -> SafetyNumber.of(List.of(a), List.of(a))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafetyNumber.of(List.of(), List.of(a))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafetyNumber.of(List.of(a, key(3, 1, 1)), List.of(key(2, 1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

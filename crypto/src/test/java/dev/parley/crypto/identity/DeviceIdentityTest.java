package dev.parley.crypto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

class DeviceIdentityTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theCredentialEncodingIsFixedLengthAndRoundTrips() {
        DeviceIdentity identity = DeviceIdentity.generate(42, 7, RANDOM);

        byte[] encoded = identity.credential().encode();

        assertThat(encoded).hasSize(49);
        assertThat(encoded[0]).isEqualTo((byte) 1);
        assertThat(java.util.Arrays.copyOfRange(encoded, 1, 17))
                .isEqualTo(java.util.HexFormat.of().parseHex("000000000000002a0000000000000007"));
        assertThat(DeviceCredential.decode(encoded)).isEqualTo(identity.credential());
        assertThat(DeviceCredential.decode(encoded).deviceKey()).isEqualTo(identity.deviceKey());
    }

    @Test
    void malformedCredentialsAreRejected() {
        byte[] valid = DeviceIdentity.generate(1, 1, RANDOM).credential().encode();
        byte[] wrongVersion = valid.clone();
        wrongVersion[0] = 2;
        byte[] zeroUser = valid.clone();
        java.util.Arrays.fill(zeroUser, 1, 9, (byte) 0);

        for (byte[] bad : List.of(new byte[0], java.util.Arrays.copyOf(valid, 48), java.util.Arrays.copyOf(valid, 50),
                wrongVersion, zeroUser)) {
            assertThatThrownBy(() -> DeviceCredential.decode(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anIdentityRoundTripsThroughItsStorageEncodingAndSigns() {
        DeviceIdentity identity = DeviceIdentity.generate(5, 9, RANDOM);

        DeviceIdentity restored = DeviceIdentity.fromBytes(identity.toBytes());
        byte[] signature = restored.sign("statement".getBytes());

        assertThat(restored).isEqualTo(identity);
        assertThat(restored.toString()).doesNotContain(java.util.HexFormat.of().formatHex(identity.privateKey()));
        var verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(identity.publicKey()));
        verifier.update("statement".getBytes(), 0, 9);
        assertThat(verifier.verifySignature(signature)).isTrue();
    }

    @Test
    void keyChangesAreClassified() {
        DeviceKey phone = DeviceIdentity.generate(3, 1, RANDOM).deviceKey();
        DeviceKey laptop = DeviceIdentity.generate(3, 2, RANDOM).deviceKey();
        DeviceKey tablet = DeviceIdentity.generate(3, 3, RANDOM).deviceKey();
        DeviceKey laptopReinstalled = DeviceIdentity.generate(3, 2, RANDOM).deviceKey();

        KeyChanges changes = KeyChangeDetector.compare(List.of(phone, laptop), List.of(laptopReinstalled, tablet));

        assertThat(changes.added()).containsExactly(tablet);
        assertThat(changes.removed()).containsExactly(phone);
        assertThat(changes.replaced()).containsExactly(new KeyChanges.Replaced(laptop, laptopReinstalled));
        assertThat(changes.changesSafetyNumber()).isTrue();
        assertThat(KeyChangeDetector.compare(List.of(phone, laptop), List.of(laptop, phone)).isEmpty()).isTrue();
    }

    @Test
    void aKeyListMixingUsersIsRefused() {
        DeviceKey a = DeviceIdentity.generate(3, 1, RANDOM).deviceKey();
        DeviceKey b = DeviceIdentity.generate(4, 1, RANDOM).deviceKey();

        assertThatThrownBy(() -> KeyChangeDetector.compare(List.of(a, b), List.of(a)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.config.Config;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher cheap = new PasswordHasher(AccountFixture.CHEAP, new SecureRandom());

    @Test
    void argon2idWiringReproducesTheRfc9106TestVector() {
        // RFC 9106 §5.3: password 32×0x01, salt 16×0x02, secret 8×0x03, associated data 12×0x04, m=32, t=3, p=4.
        byte[] salt = filled(16, 0x02);
        Argon2Parameters parameters = PasswordHasher.parameters(salt, 32, 3, 4)
                .withSecret(filled(8, 0x03))
                .withAdditional(filled(12, 0x04))
                .build();

        byte[] tag = cheap.derive(parameters, filled(32, 0x01), 32);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void verifiesAPhcStringFromTheReferenceImplementation() {
        // From the Argon2 reference implementation's test suite (src/test.c): "password", salt "somesalt".
        String reference = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

        assertThat(cheap.verify("password", reference)).isTrue();
        assertThat(cheap.verify("passwore", reference)).isFalse();
    }

    @Test
    void aHashIsAStandardPhcStringThatVerifiesOnlyItsPassword() {
        String hash = cheap.hash("correct horse");

        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(cheap.verify("correct horse", hash)).isTrue();
        assertThat(cheap.verify("correct horsE", hash)).isFalse();
        assertThat(cheap.verify("", hash)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeBecauseOfTheSalt() {
        assertThat(cheap.hash("same password")).isNotEqualTo(cheap.hash("same password"));
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8() {
        String hash = cheap.hash("pässwörd 🔑");

        assertThat(cheap.verify("pässwörd 🔑", hash)).isTrue();
        assertThat(cheap.verify("passwoerd 🔑", hash)).isFalse();
    }

    @Test
    void aHashWithOldParametersStillVerifiesAndIsMarkedForRehash() {
        PasswordHasher stronger = new PasswordHasher(new Config.Accounts(2048, 2, 1, 3, 300), new SecureRandom());
        String old = cheap.hash("long enough");

        assertThat(stronger.verify("long enough", old)).isTrue();
        assertThat(stronger.needsRehash(old)).isTrue();
        assertThat(stronger.needsRehash(stronger.hash("long enough"))).isFalse();
        assertThat(cheap.needsRehash(old)).isFalse();
    }

    @Test
    void theDummyVerificationNeverSucceeds() {
        assertThat(cheap.verifyAgainstDummy("parley-dummy-password")).isFalse();
    }

    @Test
    void malformedStoredHashesAreRejectedLoudly() {
        assertThatThrownBy(() -> cheap.verify("x", "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cheap.verify("x", "$argon2id$v=19$m=256,t=2$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRealDefaultParametersHashAndVerify() {
        PasswordHasher real = new PasswordHasher(Config.Accounts.defaults(), new SecureRandom());

        String hash = real.hash("correct horse battery");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(real.verify("correct horse battery", hash)).isTrue();
        assertThat(real.verify("wrong horse battery", hash)).isFalse();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}

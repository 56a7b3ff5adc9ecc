package dev.parley.crypto.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedStateStoreTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    Path dir;
    private byte[] secret;
    private EncryptedStateStore store;

    @BeforeEach
    void openStore() throws StateStoreException {
        secret = new byte[32];
        RANDOM.nextBytes(secret);
        store = new EncryptedStateStore(dir.resolve("profile"), secret, RANDOM);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWrittenRecordReadsBackAndIsNotPlaintextOnDisk() throws Exception {
        store.write("group.chat-42", utf8("secret group state"));

        assertThat(store.read("group.chat-42")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("secret group state")));
        assertThat(new String(Files.readAllBytes(store.fileOf("group.chat-42")), StandardCharsets.ISO_8859_1))
                .doesNotContain("secret group state").startsWith("PST1");
        assertThat(store.names()).containsExactly("group.chat-42");
    }

    @Test
    void recordsAreOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
        store.write("identity", utf8("v1"));
        store.write("identity", utf8("v2"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.fileOf("identity"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("profile"))))
                .isEqualTo("rwx------");
        try (var files = Files.list(dir.resolve("profile"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("identity.pst");
        }
        assertThat(store.read("identity")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v2")));
    }

    @Test
    void aMissingRecordIsEmpty() throws StateStoreException {
        assertThat(store.read("nothing-here")).isEmpty();
    }

    @Test
    void aModifiedByteIsDetectedAsTampering() throws Exception {
        store.write("identity", utf8("device key"));
        Path file = store.fileOf("identity");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> store.read("identity")).isInstanceOf(StateStoreException.class)
                .extracting(e -> ((StateStoreException) e).reason()).isEqualTo(StateStoreException.Reason.TAMPERED);
    }

    @Test
    void aRecordMovedOntoAnotherNameIsDetectedAsTampering() throws Exception {
        store.write("group.a", utf8("state of a"));
        store.write("group.b", utf8("state of b"));

        Files.copy(store.fileOf("group.a"), store.fileOf("group.b"), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> store.read("group.b")).isInstanceOf(StateStoreException.class)
                .extracting(e -> ((StateStoreException) e).reason()).isEqualTo(StateStoreException.Reason.TAMPERED);
    }

    @Test
    void anotherLocalSecretCannotReadTheProfile() throws Exception {
        store.write("identity", utf8("device key"));
        byte[] otherSecret = secret.clone();
        otherSecret[0] ^= 1;
        var other = new EncryptedStateStore(dir.resolve("profile"), otherSecret, RANDOM);

        assertThatThrownBy(() -> other.read("identity")).isInstanceOf(StateStoreException.class)
                .extracting(e -> ((StateStoreException) e).reason()).isEqualTo(StateStoreException.Reason.TAMPERED);
    }

    @Test
    void aForeignFileIsCorruptNotTampered() throws IOException {
        Files.writeString(dir.resolve("profile").resolve("notes.pst"), "just some text, not a state file");

        assertThatThrownBy(() -> store.read("notes")).isInstanceOf(StateStoreException.class)
                .extracting(e -> ((StateStoreException) e).reason()).isEqualTo(StateStoreException.Reason.CORRUPT);
    }

    @Test
    void namesThatCouldEscapeTheDirectoryAreRefused() {
        for (String bad : new String[] {"../etc/passwd", "a/b", ".hidden", "", "UPPER", "x".repeat(121)}) {
            assertThatThrownBy(() -> store.write(bad, utf8("x"))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aShortLocalSecretIsRefused() {
        assertThatThrownBy(() -> new EncryptedStateStore(dir, new byte[16], RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeletedRecordIsGone() throws StateStoreException {
        store.write("kp.1", utf8("key package secrets"));

        store.delete("kp.1");

        assertThat(store.read("kp.1")).isEmpty();
        assertThat(store.names()).isEmpty();
    }
}

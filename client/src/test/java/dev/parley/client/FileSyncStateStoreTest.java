package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSyncStateStoreTest {
    @TempDir
    Path temp;

    @Test
    void aStoreWithoutAFileHasNeverSynced() {
        assertThat(new FileSyncStateStore(temp.resolve("profile/sync.json")).load()).isEmpty();
    }

    @Test
    void aSavedPtsIsReadBackByAnotherStoreOnTheSameFileWithOwnerOnlyPermissions() throws Exception {
        Path file = temp.resolve("profile/sync.json");
        new FileSyncStateStore(file).save(41);
        new FileSyncStateStore(file).save(42);

        assertThat(new FileSyncStateStore(file).load()).isEqualTo(OptionalLong.of(42));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var siblings = Files.list(file.getParent())) {
            assertThat(siblings).containsExactly(file);
        }
    }

    @Test
    void aDamagedFileIsATypedErrorNotAGuess() throws Exception {
        Path file = temp.resolve("sync.json");
        Files.writeString(file, "{\"pts\":");

        assertThatThrownBy(() -> new FileSyncStateStore(file).load()).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Test
    void theInMemoryStoreRefusesANegativePts() {
        SyncStateStore store = SyncStateStore.inMemory();
        assertThatThrownBy(() -> store.save(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.load()).isEmpty();
    }
}

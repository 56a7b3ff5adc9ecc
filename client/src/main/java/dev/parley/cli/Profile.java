package dev.parley.cli;

import dev.parley.client.FileSyncStateStore;
import dev.parley.client.SyncStateStore;
import dev.parley.crypto.store.EncryptedStateStore;
import dev.parley.crypto.store.StateStoreException;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CLI's profile directory: {@code session.json} holds the server, token, user id and session id of the logged-in
 * device. The token is a credential, so the directory is created 0700 and files 0600 (owner only), and every file
 * is written to a temporary sibling and renamed over the old one, so a crash never leaves a half-written session.
 * {@code e2e/} holds the device's end-to-end state (its key, key packages, MLS groups, decrypted texts), encrypted
 * with a local secret: {@code $PARLEY_E2E_SECRET} (base64, at least 32 bytes) if set, else the random key in
 * {@code e2e.key}. The key file protects the state only as well as the profile directory's permissions do; a
 * secret kept elsewhere (a keychain, a passphrase) protects it from whoever copies the directory.
 */
final class Profile {
    static final String SESSION_FILE = "session.json";
    /** The device's sync position ({@link FileSyncStateStore}); belongs to the saved session. */
    static final String SYNC_FILE = "sync.json";
    /** The end-to-end state directory and the file holding its local secret; both belong to the saved session. */
    static final String E2E_DIRECTORY = "e2e";
    static final String E2E_KEY_FILE = "e2e.key";
    static final String E2E_SECRET_VARIABLE = "PARLEY_E2E_SECRET";
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    /** A saved login. */
    record Session(String server, String token, long userId, long sessionId) {
        Session {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(token, "token");
        }
    }

    private final Path directory;
    private final JsonCodec codec;

    Profile(Path directory, JsonCodec codec) {
        this.directory = directory;
        this.codec = codec;
    }

    /** {@code $XDG_CONFIG_HOME/parley}, else {@code ~/.config/parley}. */
    static Path defaultDirectory(Map<String, String> variables, String userHome) {
        String xdg = variables.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "parley");
        }
        String home = variables.getOrDefault("HOME", userHome);
        return Path.of(home == null || home.isBlank() ? userHome : home, ".config", "parley");
    }

    Path directory() {
        return directory;
    }

    Optional<Session> session() {
        Path file = directory.resolve(SESSION_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.bind(codec.readTree(Files.readAllBytes(file)), Session.class));
        } catch (IOException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "cannot read " + file + ": " + e.getMessage());
        } catch (ParleyException | NullPointerException e) {
            throw new CliException(ExitCode.UNAVAILABLE, file + " is damaged (" + e.getMessage()
                    + "): delete it and log in again");
        }
    }

    /**
     * Saves a new login; the previous session's sync position and end-to-end device (a device belongs to one session)
     * do not apply to it and are dropped.
     */
    void save(Session session) {
        write(SESSION_FILE, codec.writeBytes(session));
        delete(SYNC_FILE);
        deleteE2eState();
    }

    /** The saved session's end-to-end state, encrypted with the profile's local secret. */
    EncryptedStateStore e2eState(CliEnvironment environment) {
        try {
            return new EncryptedStateStore(directory.resolve(E2E_DIRECTORY), e2eSecret(environment),
                    new SecureRandom());
        } catch (StateStoreException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "cannot open the end-to-end state: " + e.getMessage());
        }
    }

    private byte[] e2eSecret(CliEnvironment environment) {
        Optional<String> given = environment.variable(E2E_SECRET_VARIABLE);
        if (given.isPresent()) {
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(given.get());
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "$" + E2E_SECRET_VARIABLE + " is not base64");
            }
            if (secret.length < EncryptedStateStore.MIN_SECRET_LENGTH) {
                throw new CliException(ExitCode.USAGE, "$" + E2E_SECRET_VARIABLE + " needs at least "
                        + EncryptedStateStore.MIN_SECRET_LENGTH + " bytes");
            }
            return secret;
        }
        Path file = directory.resolve(E2E_KEY_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
        } catch (IOException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "cannot read " + file + ": " + e.getMessage());
        }
        byte[] secret = new byte[EncryptedStateStore.MIN_SECRET_LENGTH];
        new SecureRandom().nextBytes(secret);
        write(E2E_KEY_FILE, secret);
        return secret;
    }

    /** The sync position of the saved session, read and written by {@code receive}. */
    SyncStateStore syncState() {
        return new FileSyncStateStore(directory.resolve(SYNC_FILE));
    }

    void clearSession() {
        delete(SYNC_FILE);
        deleteE2eState();
        delete(SESSION_FILE);
    }

    private void deleteE2eState() {
        Path state = directory.resolve(E2E_DIRECTORY);
        if (Files.isDirectory(state)) {
            try (Stream<Path> files = Files.walk(state)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new CliException(ExitCode.SERVER_ERROR, "cannot delete " + state + ": " + e.getMessage());
            }
        }
        delete(E2E_KEY_FILE);
    }

    private void delete(String name) {
        try {
            Files.deleteIfExists(directory.resolve(name));
        } catch (IOException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "cannot delete " + directory.resolve(name) + ": "
                    + e.getMessage());
        }
    }

    /** Writes one profile file atomically with owner-only permissions. */
    void write(String name, byte[] content) {
        Path target = directory.resolve(name);
        try {
            createDirectory();
            Path temporary = Files.createTempFile(directory, "." + name + ".", ".tmp", fileAttributes(FILE_MODE));
            try {
                Files.write(temporary, content);
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "cannot write " + target + ": " + e.getMessage());
        }
    }

    private void createDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.getParent() == null ? directory : directory.getParent());
            try {
                Files.createDirectory(directory, fileAttributes(DIRECTORY_MODE));
            } catch (FileAlreadyExistsException raced) {
                // Another CLI process created it first; its mode is tightened below like any existing directory.
            }
        }
        if (isPosix()) {
            // An existing directory may have been created by hand with a looser mode (umask): tighten it.
            Files.setPosixFilePermissions(directory, DIRECTORY_MODE);
        }
    }

    private boolean isPosix() {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private FileAttribute<?>[] fileAttributes(Set<PosixFilePermission> mode) {
        return isPosix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
    }
}

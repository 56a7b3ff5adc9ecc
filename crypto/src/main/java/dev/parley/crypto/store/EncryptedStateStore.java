package dev.parley.crypto.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Named, encrypted records in one profile directory ({@code <dir>/<name>.pst}). File format:
 *
 * <pre>
 * "PST1" (4 bytes) || nonce (12 random bytes) || AES-256-GCM(key, nonce, aad, plaintext) (ciphertext || 16-byte tag)
 * key = HKDF-SHA256(ikm = local secret, salt = "parley-state-at-rest", info = "parley state v1 aes-256-gcm", 32)
 * aad = "parley-state-v1" || 0x00 || UTF-8(record name)
 * </pre>
 *
 * Binding the name as AAD means a file copied or renamed onto another record fails authentication, as does any
 * modified byte or another profile's secret: all are {@link StateStoreException.Reason#TAMPERED}. Writes go to a
 * temporary file (mode 0600) that is fsynced and atomically renamed over the record, so a crash leaves either the
 * old or the new version. The local secret is the caller's (e.g. a random key in the OS keychain, or derived from a
 * passphrase); it never touches the disk through this class. Thread-safe for distinct names; the caller
 * serializes writes to one name (one writer per profile).
 */
public final class EncryptedStateStore {
    private static final byte[] MAGIC = "PST1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final String SUFFIX = ".pst";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,119}");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    public static final int MIN_SECRET_LENGTH = 32;

    private final Path directory;
    private final SecretKeySpec key;
    private final SecureRandom random;

    /**
     * @param directory the profile directory; created with mode 0700 if missing
     * @param localSecret at least 32 bytes of secret key material
     */
    public EncryptedStateStore(Path directory, byte[] localSecret, SecureRandom random) throws StateStoreException {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.random = Objects.requireNonNull(random, "random");
        if (localSecret == null || localSecret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the local secret needs at least " + MIN_SECRET_LENGTH + " bytes");
        }
        this.key = new SecretKeySpec(deriveKey(localSecret), "AES");
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, posix(DIR_MODE));
            }
        } catch (IOException e) {
            throw new StateStoreException(StateStoreException.Reason.IO, "cannot create " + directory, e);
        }
    }

    private static byte[] deriveKey(byte[] secret) {
        var hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret, ascii("parley-state-at-rest"), ascii("parley state v1 aes-256-gcm")));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    /** Encrypts and atomically replaces the record. */
    public void write(String name, byte[] plaintext) throws StateStoreException {
        Path target = path(name);
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] ciphertext;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(name));
            ciphertext = cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
        }
        byte[] file = ByteBuffer.allocate(MAGIC.length + NONCE_LENGTH + ciphertext.length).put(MAGIC).put(nonce)
                .put(ciphertext).array();
        Path temp = null;
        try {
            temp = Files.createTempFile(directory, "." + name + ".", ".tmp", posix(FILE_MODE));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(file);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } catch (IOException e) {
            var failure = new StateStoreException(StateStoreException.Reason.IO, "cannot write " + target, e);
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
            throw failure;
        }
    }

    /** The decrypted record, or empty if there is none. */
    public Optional<byte[]> read(String name) throws StateStoreException {
        Path file = path(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateStoreException(StateStoreException.Reason.IO, "cannot read " + file, e);
        }
        if (bytes.length < MAGIC.length + NONCE_LENGTH + TAG_BITS / 8
                || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new StateStoreException(StateStoreException.Reason.CORRUPT, file + " is not a Parley state file",
                    null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, bytes, MAGIC.length, NONCE_LENGTH));
            cipher.updateAAD(aad(name));
            int offset = MAGIC.length + NONCE_LENGTH;
            return Optional.of(cipher.doFinal(bytes, offset, bytes.length - offset));
        } catch (AEADBadTagException e) {
            throw new StateStoreException(StateStoreException.Reason.TAMPERED,
                    file + " failed authentication (modified, renamed, or another profile's secret)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
        }
    }

    /** Deletes the record; no error if it does not exist. */
    public void delete(String name) throws StateStoreException {
        try {
            Files.deleteIfExists(path(name));
        } catch (IOException e) {
            throw new StateStoreException(StateStoreException.Reason.IO, "cannot delete " + name, e);
        }
    }

    /** The names of all records, sorted. */
    public List<String> names() throws StateStoreException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(SUFFIX))
                    .map(f -> f.substring(0, f.length() - SUFFIX.length())).filter(n -> NAME.matcher(n).matches())
                    .sorted().toList();
        } catch (IOException e) {
            throw new StateStoreException(StateStoreException.Reason.IO, "cannot list " + directory, e);
        }
    }

    /**
     * Record names are lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most 120
     * characters: they become file names, so nothing may escape the directory.
     */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private Path path(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid record name: " + name);
        }
        return directory.resolve(name + SUFFIX);
    }

    private static byte[] aad(String name) {
        byte[] label = ascii("parley-state-v1");
        byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(label.length + 1 + encoded.length).put(label).put((byte) 0).put(encoded).array();
    }

    /** Makes the rename itself durable (POSIX: fsync the directory). */
    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private FileAttribute<?>[] posix(Set<PosixFilePermission> mode) {
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Exposed for tests: the file backing a record. */
    Path fileOf(String name) {
        return path(name);
    }
}

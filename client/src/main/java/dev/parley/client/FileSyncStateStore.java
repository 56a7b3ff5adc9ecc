package dev.parley.client;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link SyncStateStore} in one small JSON file ({@code {"pts":1234}}), typically {@code sync.json} in a profile
 * directory. Each save writes a temporary sibling (owner-only permissions) and renames it over the file, so a crash
 * leaves either the old or the new position, never a torn file. The rename is not fsynced: after a power loss the
 * position may be slightly behind, which only means some updates are fetched and delivered again — never lost.
 */
public final class FileSyncStateStore implements SyncStateStore {
    private static final Pattern PTS = Pattern.compile("\\{\\s*\"pts\"\\s*:\\s*(\\d{1,16})\\s*}\\s*");

    private final Path file;

    public FileSyncStateStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public OptionalLong load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new ParleyException(ErrorCode.INTERNAL, "cannot read " + file + ": " + e.getMessage());
        }
        Matcher matcher = PTS.matcher(text);
        if (!matcher.matches()) {
            throw new ParleyException(ErrorCode.INTERNAL, file + " is damaged: expected {\"pts\":<number>}");
        }
        return OptionalLong.of(Long.parseLong(matcher.group(1)));
    }

    @Override
    public void save(long pts) {
        if (pts < 0) {
            throw new IllegalArgumentException("pts must not be negative");
        }
        Path directory = file.getParent();
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp", ownerOnly());
            try {
                Files.writeString(temporary, "{\"pts\":" + pts + "}\n", StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new ParleyException(ErrorCode.INTERNAL, "cannot write " + file + ": " + e.getMessage());
        }
    }

    private FileAttribute<?>[] ownerOnly() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}

package dev.parley.server.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web client's files, served under {@code /}: from a classpath folder (the packaged build, {@code web/}) or from a
 * directory. Request paths are checked against a strict pattern before any lookup, so {@code ..}, backslashes, and
 * encoded tricks never reach the file system. Reads block, so the gateway calls {@link #find} on a virtual thread.
 */
public final class StaticFiles {
    /** One or more segments of safe characters; no segment may start with a dot (no {@code ..}, no dotfiles). */
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_\\-][A-Za-z0-9_\\-.@~]*)+");
    private static final int MAX_PATH = 512;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("wasm", "application/wasm"));

    /** A file ready to send. */
    public record File(byte[] content, String contentType) {}

    private interface Source {
        Optional<byte[]> read(String relativePath) throws IOException;
    }

    private final Source source;

    private StaticFiles(Source source) {
        this.source = source;
    }

    /** Files packaged on the classpath under {@code folder} (e.g. {@code "web"}). */
    public static StaticFiles classpath(String folder, ClassLoader loader) {
        return new StaticFiles(relative -> {
            try (InputStream in = loader.getResourceAsStream(folder + "/" + relative)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            }
        });
    }

    /** Files in a directory (development: a web build on disk). */
    public static StaticFiles directory(Path root) {
        return new StaticFiles(relative -> {
            Path file = root.resolve(relative);
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        });
    }

    /** Serves nothing: {@code /} then explains that the web client is not built. */
    public static StaticFiles none() {
        return new StaticFiles(relative -> Optional.empty());
    }

    /** Looks up a request path ({@code /} means {@code /index.html}); empty for unsafe or missing paths. */
    public Optional<File> find(String requestPath) {
        String path = "/".equals(requestPath) ? "/index.html" : requestPath;
        if (path.length() > MAX_PATH || !SAFE_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        try {
            return source.read(path.substring(1)).map(bytes -> new File(bytes, contentType(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read static file " + path, e);
        }
    }

    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}

package dev.parley.server.config;

/** Invalid configuration: the server refuses to start and prints this message. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

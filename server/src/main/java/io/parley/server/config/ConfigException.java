package io.parley.server.config;

/** A configuration value that cannot be used. The message names the setting in one line. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

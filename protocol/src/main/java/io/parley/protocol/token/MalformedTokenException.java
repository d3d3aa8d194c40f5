package io.parley.protocol.token;

/** A token string that cannot be decoded (bad prefix, base64, zlib, or truncated fields). */
public final class MalformedTokenException extends Exception {
    public MalformedTokenException(String message) {
        super(message, null, false, false);
    }
}

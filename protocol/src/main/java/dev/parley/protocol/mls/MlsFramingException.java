package dev.parley.protocol.mls;

/** The bytes are not a well-formed MLSMessage (truncated, unknown wire format, non-minimal varint, …). */
public final class MlsFramingException extends Exception {
    public MlsFramingException(String message) {
        super(message);
    }
}

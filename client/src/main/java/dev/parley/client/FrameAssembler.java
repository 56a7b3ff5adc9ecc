package dev.parley.client;

import java.util.Optional;

/**
 * Joins the parts of a WebSocket text message (the JDK may deliver one message in several {@code onText} calls)
 * and refuses messages larger than a bound, so a misbehaving peer cannot exhaust the client's memory.
 */
final class FrameAssembler {
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder();

    FrameAssembler(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Adds a part; returns the whole message once its last part arrived. */
    Optional<String> add(CharSequence part, boolean last) {
        if (buffer.length() + part.length() > maxChars) {
            buffer.setLength(0);
            throw new IllegalStateException("message larger than " + maxChars + " characters");
        }
        if (last && buffer.isEmpty()) {
            return Optional.of(part.toString());
        }
        buffer.append(part);
        if (!last) {
            return Optional.empty();
        }
        String message = buffer.toString();
        buffer.setLength(0);
        return Optional.of(message);
    }
}

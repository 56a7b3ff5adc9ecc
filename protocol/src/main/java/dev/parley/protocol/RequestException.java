package dev.parley.protocol;

/** A {@link ParleyException} raised while decoding a request whose id could already be read, so the reply can echo it. */
public final class RequestException extends RuntimeException {
    private final Long requestId;
    private final ParleyException error;

    public RequestException(Long requestId, ParleyException error) {
        super(error.getMessage(), error);
        this.requestId = requestId;
        this.error = error;
    }

    public Long requestId() {
        return requestId;
    }

    public ParleyException error() {
        return error;
    }
}

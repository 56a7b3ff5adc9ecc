package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP form of the API: {@code POST <server>/api/<method>} with the params as the body and the token as a
 * bearer credential. Same params, results and typed errors as {@link ParleyClient}; no push, no reconnect. Useful
 * for scripts and one-shot calls. Immutable: {@link #withToken} returns a new client sharing the connection pool.
 */
public final class ParleyHttpClient implements AutoCloseable {
    private final URI server;
    private final Duration timeout;
    private final HttpClient http;
    private final JsonCodec codec;
    private final String token;
    private final boolean ownsHttp;

    public ParleyHttpClient(URI server, Duration timeout) {
        this(server, timeout, HttpClient.newBuilder().connectTimeout(timeout).build(), new JsonCodec(), null, true);
    }

    private ParleyHttpClient(URI server, Duration timeout, HttpClient http, JsonCodec codec, String token,
                             boolean ownsHttp) {
        this.server = Objects.requireNonNull(server, "server");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = http;
        this.codec = codec;
        this.token = token;
        this.ownsHttp = ownsHttp;
        Endpoints.method(server, "auth.hello");
    }

    /** A client that sends {@code Authorization: Bearer <token>}; closing it leaves this one usable. */
    public ParleyHttpClient withToken(String bearerToken) {
        return new ParleyHttpClient(server, timeout, http, codec, Objects.requireNonNull(bearerToken, "token"), false);
    }

    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** Calls a method; a reply with an error becomes its typed {@link ParleyException}. */
    public <R> R call(String method, Object params, Class<R> resultType) {
        JsonNode body = params == null ? codec.emptyObject() : codec.toTree(params);
        HttpRequest.Builder request = HttpRequest.newBuilder(Endpoints.method(server, method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.writeBytes(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response = send(request.build(), method);
        return decode(method, response, resultType);
    }

    private HttpResponse<byte[]> send(HttpRequest request, String method) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new ParleyException(ErrorCode.TIMEOUT, "no reply to " + method + " within " + timeout.toMillis()
                    + " ms");
        } catch (IOException e) {
            throw new ParleyException(ErrorCode.UNAVAILABLE, "cannot reach " + server + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParleyException(ErrorCode.UNAVAILABLE, "interrupted while calling " + method);
        }
    }

    private <R> R decode(String method, HttpResponse<byte[]> response, Class<R> resultType) {
        JsonNode tree;
        try {
            tree = codec.readTree(response.body());
        } catch (ParleyException notJson) {
            throw new ParleyException(response.statusCode() >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL,
                    "HTTP " + response.statusCode() + " from " + method + " without a JSON body");
        }
        JsonNode error = tree.get("error");
        if (error != null && error.isObject()) {
            throw codec.bind(error, ErrorBody.class).toException();
        }
        JsonNode result = tree.get("result");
        if (response.statusCode() / 100 != 2 || result == null || result.isNull()) {
            throw new ParleyException(ErrorCode.INTERNAL, "HTTP " + response.statusCode() + " from " + method
                    + " without a result");
        }
        return codec.bind(result, resultType);
    }

    @Override
    public void close() {
        if (ownsHttp) {
            http.close();
        }
    }
}

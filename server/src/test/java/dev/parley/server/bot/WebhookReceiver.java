package dev.parley.server.bot;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A webhook endpoint on 127.0.0.1 (the JDK's HTTP server): records every request and answers with the status and body
 * the test's responder chooses.
 */
final class WebhookReceiver implements AutoCloseable {
    record Delivery(String body, String secret) {}

    record Answer(int status, String body) {
        static final Answer OK = new Answer(200, "");
    }

    private final HttpServer server;
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    WebhookReceiver(Function<Delivery, Answer> responder) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Delivery delivery = new Delivery(body,
                    exchange.getRequestHeaders().getFirst(WebhookDelivery.SECRET_HEADER));
            Answer answer = responder.apply(delivery);
            deliveries.add(delivery);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next delivery, waiting up to the timeout (webhook retries back off for seconds). */
    Delivery next(Duration timeout) {
        try {
            Delivery d = deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (d == null) {
                throw new AssertionError("no webhook delivery within " + timeout);
            }
            return d;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

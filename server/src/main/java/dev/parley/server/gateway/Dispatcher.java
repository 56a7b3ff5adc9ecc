package dev.parley.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs methods for both transports: looks the method up, checks access, binds params, calls the handler on a virtual
 * thread, maps every failure to a {@link ParleyException}, and records the request metrics. This is the one place
 * where exceptions become wire errors.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** Metric tag for names that are not methods, so garbage input cannot grow the metric cardinality. */
    static final String UNKNOWN = "unknown";

    private final MethodTable methods;
    private final JsonCodec codec;
    private final MeterRegistry metrics;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    Dispatcher(MethodTable methods, JsonCodec codec, MeterRegistry metrics) {
        this.methods = methods;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** Starts work on a virtual thread; false when the gateway is shutting down and accepts no new work. */
    boolean submit(Runnable work) {
        try {
            workers.execute(work);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            return false;
        }
    }

    /** Calls a method by name on the current (virtual) thread and returns its result or throws ParleyException. */
    Object call(String name, Caller caller, JsonNode params) {
        Method<?, ?> method = methods.find(name).orElse(null);
        if (method == null) {
            return measured(UNKNOWN, () -> {
                throw new ParleyException(ErrorCode.METHOD_NOT_FOUND, "unknown method '" + truncate(name) + "'");
            });
        }
        return measured(name, () -> invoke(method, caller, params));
    }

    Method.Access access(String name) {
        return methods.find(name).map(Method::access).orElse(Method.Access.SESSION);
    }

    /** Runs work as one measured request: counts it by outcome and records its latency; maps any failure. */
    Object measured(String tag, Supplier<Object> work) {
        long start = System.nanoTime();
        String code = "ok";
        try {
            return work.get();
        } catch (RuntimeException e) {
            ParleyException typed = toParley(e);
            code = typed.code().name();
            throw typed;
        } finally {
            Timer.builder("parley.request.latency").tag("method", tag).publishPercentileHistogram()
                    .description("time from dispatch to reply").register(metrics)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            count(tag, code);
        }
    }

    /** Counts a request rejected before it reached a method (malformed frame, flood control, in-flight bound). */
    void countRejected(String name, ErrorCode code) {
        count(tagFor(name), code.name());
    }

    String tagFor(String name) {
        if (name != null && (methods.find(name).isPresent() || AuthMethods.HELLO.equals(name))) {
            return name;
        }
        return UNKNOWN;
    }

    private void count(String tag, String code) {
        Counter.builder("parley.requests").tag("method", tag).tag("code", code)
                .description("requests by method and outcome").register(metrics).increment();
    }

    private <P, R> Object invoke(Method<P, R> method, Caller caller, JsonNode params) {
        if (method.access() == Method.Access.SESSION && !caller.authenticated()) {
            throw new ParleyException(ErrorCode.AUTH_REQUIRED,
                    "'" + method.name() + "' needs a session: send auth.hello first (or a bearer token over HTTP)");
        }
        P bound = codec.bind(params, method.paramsType());
        R result = method.handler().handle(caller, bound);
        if (result == null) {
            throw new IllegalStateException("method " + method.name() + " returned null");
        }
        return result;
    }

    static ParleyException toParley(RuntimeException e) {
        if (e instanceof ParleyException typed) {
            return typed;
        }
        // The message may hold internals (SQL, paths): log it with its stack, tell the client only that it failed.
        log.error("internal error while handling a request", e);
        return new ParleyException(ErrorCode.INTERNAL, "internal server error");
    }

    private static String truncate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }

    /** Stops taking work and waits (bounded) for running methods to finish; true if all finished in time. */
    boolean drain(long timeout, TimeUnit unit) throws InterruptedException {
        workers.shutdown();
        return workers.awaitTermination(timeout, unit);
    }
}

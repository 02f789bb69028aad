package dev.ourahrvsync.oura;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.util.Timeout;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds every HTTP call to Oura as a whole, which the client's timeouts do not: they bound each wait, so a server
 * that trickles a byte a second, or sends without end, holds a call forever. Each call gets a deadline
 * ({@code oura.call-timeout-ms}) from the request to the last byte of the answer, and a size cap
 * ({@code oura.max-response-bytes}) on the answer as read (after decompression). Going past either aborts the
 * connection and fails the call with a {@link CallLimitException}, which is not retried.
 * <p>
 * It also sets the client's own limits: {@code oura.connect-timeout-ms} to connect and to get a pooled connection,
 * {@code oura.read-timeout-ms} for each wait on the answer, and no automatic retries, so that an authorization code
 * or a refresh token is never sent twice (retrying data calls is the routes' decision).
 * <p>
 * Installed on each endpoint that calls Oura ({@code httpClientConfigurer=#ouraCallLimits}), not on the http
 * components: a host (a plain CamelContext, Spring Boot) applies no {@code camel.component.*} settings of ours, and
 * an endpoint's configurer runs last on that endpoint's client, after camel-http's own request config, so these
 * limits hold whatever the host set on the components. Outermost in the client's chain, it sees the call from its
 * start and the body after gzip is undone; camel-http copies the body (up to the cap) into its stream cache through
 * this wrapper before anything else reads it.
 * <p>
 * When the service is being stopped, {@link #stopCalls()} ends the calls under way at once: a stop waits for the run
 * in progress, and a slow server would otherwise hold it for up to the call's deadline.
 */
public class CallLimits implements HttpClientConfigurer {

    private static final String STOPPING = "was cut off: the service is stopping";

    /** One daemon thread for the process: it only aborts calls that overran their deadline. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private long connectTimeoutMs = 10_000;
    private long readTimeoutMs = 30_000;
    private long callTimeoutMs = 120_000;
    private long maxResponseBytes = 8L * 1024 * 1024;
    private final Set<Call> underWay = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public void setConnectTimeoutMs(long connectTimeoutMs) {
        this.connectTimeoutMs = atLeastOne("oura.connect-timeout-ms", connectTimeoutMs);
    }

    public void setReadTimeoutMs(long readTimeoutMs) {
        this.readTimeoutMs = atLeastOne("oura.read-timeout-ms", readTimeoutMs);
    }

    public void setCallTimeoutMs(long callTimeoutMs) {
        this.callTimeoutMs = atLeastOne("oura.call-timeout-ms", callTimeoutMs);
    }

    public void setMaxResponseBytes(long maxResponseBytes) {
        this.maxResponseBytes = atLeastOne("oura.max-response-bytes", maxResponseBytes);
    }

    /** Ends every call under way, and refuses new ones: the process is stopping. */
    public void stopCalls() {
        stopping = true;
        underWay.forEach(Call::stop);
    }

    /**
     * The request config replaces camel-http's, which holds only its timeouts. The connect timeout is set here, not
     * on the connection manager (camel-http's own, out of a configurer's reach): HttpClient 5.4 still honours it.
     * That manager's socket timeout (camel-http's soTimeout, 3 minutes unless a host sets it) is left: it only
     * bounds the TLS handshake, before the response timeout takes over, and the call's deadline bounds that too.
     */
    @Override
    @SuppressWarnings("deprecation")
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.setDefaultRequestConfig(RequestConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(connectTimeoutMs))
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(connectTimeoutMs))
                // set on the socket for the whole exchange: every wait for the answer's head or body
                .setResponseTimeout(Timeout.ofMilliseconds(readTimeoutMs))
                .build());
        builder.disableAutomaticRetries();
        builder.addExecInterceptorFirst("oura-call-limits", this::execute);
    }

    private static long atLeastOne(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be 1 or more, not " + value);
        }
        return value;
    }

    private ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        if (stopping) {
            throw new CallLimitException(STOPPING);
        }
        Call call = new Call(scope);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            call.finished();
            if (call.ended()) {
                throw call.ending();
            }
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            call.finished();
        } else {
            response.setEntity(new LimitedEntity(entity, call));
        }
        return response;
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "oura-call-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * One call: its deadline, and the timer that aborts it there even while a read is blocked. It counts as under
     * way from its request until its answer has been read or closed.
     */
    private final class Call {

        private final ExecChain.Scope scope;
        private final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(callTimeoutMs);
        private final AtomicBoolean expired = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ScheduledFuture<?> timer;

        Call(ExecChain.Scope scope) {
            this.scope = scope;
            this.timer = WATCHDOG.schedule(this::expire, callTimeoutMs, TimeUnit.MILLISECONDS);
            underWay.add(this);
            if (stopping) {
                stop();
            }
        }

        private void expire() {
            expired.set(true);
            abort();
        }

        void stop() {
            stopped.set(true);
            abort();
        }

        /** Closes the connection at once: a blocked read fails, and closing the answer drains nothing. */
        void abort() {
            if (scope.originalRequest instanceof Cancellable cancellable) {
                cancellable.cancel();
            }
            scope.execRuntime.discardEndpoint();
        }

        /** Whether the call was ended from outside: past its deadline, or stopped with the process. */
        boolean ended() {
            return stopped.get() || expired.get() || System.nanoTime() - deadline > 0;
        }

        /** What ended it, once {@link #ended()}. */
        CallLimitException ending() {
            if (stopped.get()) {
                abort();
                return new CallLimitException(STOPPING);
            }
            return timeout();
        }

        void finished() {
            timer.cancel(false);
            underWay.remove(this);
        }

        CallLimitException timeout() {
            abort();
            return new CallLimitException("took longer than oura.call-timeout-ms (" + callTimeoutMs + " ms)");
        }

        CallLimitException tooLarge() {
            abort();
            return new CallLimitException("is larger than oura.max-response-bytes (" + maxResponseBytes
                    + " bytes); a smaller sync.window-days asks for less at a time");
        }
    }

    /** The answer's body, read through {@link LimitedStream} whichever way it is read. */
    private final class LimitedEntity extends HttpEntityWrapper {

        private final Call call;

        LimitedEntity(HttpEntity entity, Call call) {
            super(entity);
            this.call = call;
        }

        @Override
        public InputStream getContent() throws IOException {
            if (super.getContentLength() > maxResponseBytes) {
                throw call.tooLarge();
            }
            return new LimitedStream(super.getContent(), call);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);
            }
        }
    }

    /** Checks the deadline on every read and counts the bytes; fails the call past either limit. */
    private final class LimitedStream extends FilterInputStream {

        private final Call call;
        private long bytesRead;

        LimitedStream(InputStream in, Call call) {
            super(in);
            this.call = call;
        }

        @Override
        public int read() throws IOException {
            checkDeadline();
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                throw readFailure(e);
            }
            counted(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkDeadline();
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                throw readFailure(e);
            }
            counted(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            checkDeadline();
            long skipped;
            try {
                skipped = in.skip(n);
            } catch (IOException e) {
                throw readFailure(e);
            }
            counted(skipped);
            return skipped;
        }

        @Override
        public void close() throws IOException {
            // the timer stays on while the client drains what is left, so a close is bounded too
            try {
                in.close();
            } finally {
                call.finished();
            }
        }

        private void checkDeadline() throws CallLimitException {
            if (call.ended()) {
                throw call.ending();
            }
        }

        private IOException readFailure(IOException e) {
            return call.ended() ? call.ending() : e;
        }

        private void counted(long n) throws CallLimitException {
            if (n < 0) {
                call.finished();
                return;
            }
            bytesRead += n;
            if (bytesRead > maxResponseBytes) {
                throw call.tooLarge();
            }
        }
    }
}

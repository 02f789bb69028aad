package dev.ourahrvsync.sync;

import dev.ourahrvsync.auth.AuthorizationException;
import dev.ourahrvsync.auth.TokenEndpointException;
import dev.ourahrvsync.auth.TokenStoreException;
import dev.ourahrvsync.oura.CallLimitException;
import dev.ourahrvsync.oura.OuraResponseException;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;

/** The process exit statuses, as documented in README. */
public enum ExitCode {
    OK(0),
    FAILED(1),
    BAD_CONFIGURATION(2),
    AUTHORIZATION_NEEDED(3),
    API_FAILURE(4),
    LOCAL_IO_FAILURE(5),
    SYNC_RUNNING(6);

    private final int status;

    ExitCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The exit status for a failure, judged by the most telling exception in its cause chain. */
    public static ExitCode of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            ExitCode code = direct(t);
            if (code != null) {
                return code;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return FAILED;
    }

    private static ExitCode direct(Throwable t) {
        if (t instanceof SyncBusyException) {
            return SYNC_RUNNING;
        }
        if (t instanceof AuthorizationException
                || t instanceof HttpOperationFailedException http && http.getStatusCode() == 401) {
            return AUTHORIZATION_NEEDED;
        }
        if (t instanceof TokenStoreException || t instanceof GenericFileOperationFailedException
                || t instanceof FileSystemException || t instanceof UncheckedIOException) {
            return LOCAL_IO_FAILURE;
        }
        if (t instanceof HttpOperationFailedException || t instanceof OuraResponseException
                || t instanceof CallLimitException
                || t instanceof TokenEndpointException || t instanceof ConnectException
                || t instanceof SocketTimeoutException || t instanceof UnknownHostException
                || t instanceof SocketException || t instanceof SSLException || isHttpClientFailure(t)) {
            return API_FAILURE;
        }
        // a route file that is not valid YAML
        if (t instanceof IllegalArgumentException || t instanceof YamlEngineException
                || t instanceof PropertyBindingException
                || t instanceof ResolveEndpointFailedException || t instanceof FailedToCreateRouteException) {
            return BAD_CONFIGURATION;
        }
        if (t instanceof IOException && t.getCause() == null) {
            return LOCAL_IO_FAILURE;
        }
        return null;
    }

    private static boolean isHttpClientFailure(Throwable t) {
        return t.getClass().getName().startsWith("org.apache.hc.");
    }
}

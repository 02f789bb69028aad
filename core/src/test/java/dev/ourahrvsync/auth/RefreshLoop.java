package dev.ourahrvsync.auth;

import dev.ourahrvsync.oura.CallLimits;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A child process for {@code TokenCrashIT}: the production {@link OuraTokens} in a plain CamelContext, asking for an
 * access token over and over with a refresh margin longer than any token's life, so that every call refreshes under
 * the lock and persists the rotated pair. It runs until it is killed and prints no token.
 *
 * <p>Arguments: the token file, the token endpoint's URL. The client secret comes from {@code OURA_CLIENT_SECRET}.
 */
public final class RefreshLoop {

    /** Longer than the lifetime the test's token endpoint gives its access tokens. */
    static final long REFRESH_MARGIN_SECONDS = 24 * 3600;

    private RefreshLoop() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RefreshLoop TOKEN_FILE TOKEN_URL (OURA_CLIENT_SECRET in the environment)");
            System.exit(2);
        }
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            OuraTokens tokens = new OuraTokens();
            // the limits every call to Oura carries, as routes/beans.camel.yaml declares them
            camel.getRegistry().bind("ouraCallLimits", new CallLimits());
            tokens.setCamelContext(camel);
            tokens.setTokenFile(args[0]);
            tokens.setTokenUrl(args[1]);
            tokens.setClientId("refresh-loop");
            tokens.setClientSecret(System.getenv("OURA_CLIENT_SECRET"));
            tokens.setRefreshMarginSeconds(REFRESH_MARGIN_SECONDS);
            System.out.println("refresh loop started");
            System.out.flush();
            for (long refreshes = 1; ; refreshes++) {
                tokens.accessToken();
                if (refreshes % 100 == 0) {
                    System.out.println("refreshes: " + refreshes);
                    System.out.flush();
                }
            }
        }
    }
}

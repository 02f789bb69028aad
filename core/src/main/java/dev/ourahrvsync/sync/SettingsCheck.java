package dev.ourahrvsync.sync;

import org.quartz.CronExpression;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.Locale;

/**
 * Settings that would otherwise fail late or dangerously, checked when the integration starts, each failure naming
 * its key: a cron that is not one, and an Oura address that is not HTTPS (plain HTTP is allowed on loopback
 * addresses only, for tests and the demo: tokens must never cross a network in the clear).
 */
public class SettingsCheck {

    private String cron;
    private String apiUrl;
    private String tokenUrl;
    private String authorizeUrl;

    public void setCron(String cron) {
        this.cron = cron;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    public void setAuthorizeUrl(String authorizeUrl) {
        this.authorizeUrl = authorizeUrl;
    }

    /** The bean's init method. */
    public void check() {
        checkCron("sync.cron", cron);
        checkAddress("oura.api-url", apiUrl);
        checkAddress("oura.token-url", tokenUrl);
        checkAddress("oura.authorize-url", authorizeUrl);
    }

    static void checkCron(String key, String value) {
        try {
            new CronExpression(value == null ? "" : value.trim());
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException(key + " is not a Quartz cron expression ('" + value + "': "
                    + e.getMessage() + "); for example 0 0 7,19 * * ? is 07:00 and 19:00");
        }
    }

    static void checkAddress(String key, String value) {
        URI uri;
        try {
            uri = URI.create(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not an address: '" + value + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(key + " must be an https:// address, not '" + value + "'");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(key + " must use https:// (plain http:// is allowed for 127.0.0.1"
                    + " and localhost only), not '" + value + "'");
        }
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // only literal addresses: a name is not looked up, so no resolver can turn it into a loopback one
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

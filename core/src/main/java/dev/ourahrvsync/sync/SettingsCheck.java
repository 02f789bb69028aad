package dev.ourahrvsync.sync;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.quartz.CronExpression;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings that would otherwise fail late, obscurely or dangerously, checked when the integration starts (this bean
 * is the first one made), each failure naming its key: a cron that is not one, an Oura address that is not HTTPS
 * (plain HTTP is allowed on loopback addresses only, for tests and the demo: tokens must never cross a network in
 * the clear), and every number setting that is not a whole number in its range ({@code sync.window-days must be a
 * whole number, not 'abc'} rather than Java's {@code For input string: "abc"} from the bean that takes it).
 */
public class SettingsCheck implements CamelContextAware {

    /** A number setting's range: its smallest value, and its largest (the Java type's, when nothing less). */
    public record Range(long min, long max) {
    }

    private static final long INT = Integer.MAX_VALUE;
    private static final long LONG = Long.MAX_VALUE;

    /** Every number setting of the jar's application.properties, with the range its user takes, in the file's order. */
    public static final Map<String, Range> NUMBERS = numbers();

    private static Map<String, Range> numbers() {
        Map<String, Range> numbers = new LinkedHashMap<>();
        numbers.put("sync.lookback-days", new Range(0, INT));
        numbers.put("sync.window-days", new Range(1, INT));
        numbers.put("oura.token-refresh-margin-seconds", new Range(0, INT));
        numbers.put("oura.connect-timeout-ms", new Range(1, LONG));
        numbers.put("oura.read-timeout-ms", new Range(1, LONG));
        numbers.put("oura.call-timeout-ms", new Range(1, LONG));
        numbers.put("oura.max-response-bytes", new Range(1, LONG));
        numbers.put("oura.max-pages-per-window", new Range(1, INT));
        // Camel takes -1 as "retry forever"
        numbers.put("oura.retry.max-retries", new Range(0, INT));
        numbers.put("oura.retry.initial-delay-ms", new Range(0, LONG));
        numbers.put("oura.retry.max-delay-ms", new Range(0, LONG));
        numbers.put("oura.retry.max-retry-after-seconds", new Range(0, INT));
        numbers.put("authorize.timeout-seconds", new Range(1, INT));
        numbers.put("serve.port", new Range(1, 65_535));
        numbers.put("serve.idle-timeout-seconds", new Range(1, 3600));
        numbers.put("serve.header-timeout-seconds", new Range(1, 3600));
        numbers.put("serve.max-connections-per-client", new Range(1, 10_000));
        return Collections.unmodifiableMap(numbers);
    }

    private CamelContext camelContext;

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

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** The bean's init method. */
    public void check() {
        checkCron("sync.cron", cron);
        checkAddress("oura.api-url", apiUrl);
        checkAddress("oura.token-url", tokenUrl);
        checkAddress("oura.authorize-url", authorizeUrl);
        if (camelContext != null) {
            // a host that left a key out has no value to check: its bean fails on its own
            NUMBERS.forEach((key, range) -> camelContext.getPropertiesComponent().resolveProperty(key)
                    .ifPresent(value -> wholeNumber(key, value, range)));
        }
    }

    /**
     * The value of a number setting, or a failure naming the key: {@code KEY must be a whole number, not 'abc'},
     * {@code KEY must be 1 or more, not '0'}, {@code KEY must be a whole number from 1 to 3600, not '2.5'}.
     */
    public static long wholeNumber(String key, String value, Range range) {
        String text = Optional.ofNullable(value).orElse("").strip();
        boolean bounded = range.max() != INT && range.max() != LONG;
        String wanted = bounded ? "a whole number from " + range.min() + " to " + range.max() : "a whole number";
        if (!text.matches("[+-]?[0-9]+")) {
            throw new IllegalArgumentException(key + " must be " + wanted + ", not '" + text + "'");
        }
        // any length: a number beyond a long is beyond every range
        BigInteger number = new BigInteger(text);
        if (number.compareTo(BigInteger.valueOf(range.min())) < 0) {
            throw new IllegalArgumentException(key + " must be " + (bounded ? wanted : range.min() + " or more")
                    + ", not '" + text + "'");
        }
        if (number.compareTo(BigInteger.valueOf(range.max())) > 0) {
            throw new IllegalArgumentException(key + " must be a whole number from " + range.min() + " to "
                    + range.max() + ", not '" + text + "'");
        }
        return number.longValueExact();
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

package dev.ourahrvsync.sync;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsCheckTest {

    @Test
    void aCronThatIsNotOneIsNamed() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> SettingsCheck.checkCron("sync.cron", "0 0 25 * * ?"));
        assertTrue(failure.getMessage().startsWith("sync.cron is not a Quartz cron expression"), failure.getMessage());
        assertDoesNotThrow(() -> SettingsCheck.checkCron("sync.cron", "0 0 7,19 * * ?"));
    }

    @Test
    void plainHttpOnlyOnLoopback() {
        assertDoesNotThrow(() -> SettingsCheck.checkAddress("oura.api-url", "https://api.ouraring.com"));
        assertDoesNotThrow(() -> SettingsCheck.checkAddress("oura.api-url", "http://127.0.0.1:8080"));
        assertDoesNotThrow(() -> SettingsCheck.checkAddress("oura.api-url", "http://localhost:8080"));
        assertDoesNotThrow(() -> SettingsCheck.checkAddress("oura.api-url", "http://[::1]:8080"));
        for (String unsafe : new String[] {"http://api.ouraring.com", "http://10.0.0.5", "http://127.0.0.1.nip.io",
                "ftp://127.0.0.1", "api.ouraring.com"}) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> SettingsCheck.checkAddress("oura.token-url", unsafe), unsafe);
            assertTrue(failure.getMessage().startsWith("oura.token-url must"), failure.getMessage());
        }
    }

    @Test
    void everyNumberSettingOfTheDefaultsIsChecked() throws IOException {
        Properties defaults = defaults();
        Set<String> numbers = new TreeSet<>();
        defaults.stringPropertyNames().stream().filter(key -> defaults.getProperty(key).strip().matches("[0-9]+"))
                .forEach(numbers::add);

        assertEquals(numbers, new TreeSet<>(SettingsCheck.NUMBERS.keySet()));
    }

    @Test
    void aNumberSettingThatIsNoneNamesItsKey() throws Exception {
        for (String key : SettingsCheck.NUMBERS.keySet()) {
            SettingsCheck.Range range = SettingsCheck.NUMBERS.get(key);
            boolean bounded = range.max() < Integer.MAX_VALUE;
            String wanted = bounded ? "a whole number from " + range.min() + " to " + range.max() : "a whole number";
            assertEquals(key + " must be " + wanted + ", not 'abc'", refusal(key, "abc"));
            assertEquals(key + " must be " + wanted + ", not '2.5'", refusal(key, " 2.5 "));
            assertEquals(key + " must be " + wanted + ", not ''", refusal(key, ""));
            assertEquals(key + " must be " + (bounded ? wanted : range.min() + " or more") + ", not '-1'",
                    refusal(key, "-1"));
            assertEquals(key + " must be a whole number from " + range.min() + " to " + range.max() + ", not '"
                    + "99999999999999999999'", refusal(key, "99999999999999999999"));
            assertDoesNotThrow(() -> check(key, " " + range.min() + " "), key);
            assertDoesNotThrow(() -> check(key, Long.toString(range.max())), key);
        }
    }

    private static String refusal(String key, String value) throws Exception {
        return assertThrows(IllegalArgumentException.class, () -> check(key, value), key + "=" + value)
                .getMessage();
    }

    /** The bean's check, as it runs at start: the jar's defaults, with {@code key} set to {@code value}. */
    private static void check(String key, String value) throws Exception {
        Properties settings = defaults();
        settings.setProperty(key, value);
        // never started: only its properties are read
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(settings);
            SettingsCheck check = new SettingsCheck();
            check.setCamelContext(context);
            check.setCron(settings.getProperty("sync.cron"));
            check.setApiUrl(settings.getProperty("oura.api-url"));
            check.setTokenUrl(settings.getProperty("oura.token-url"));
            check.setAuthorizeUrl(settings.getProperty("oura.authorize-url"));
            check.check();
        }
    }

    private static Properties defaults() throws IOException {
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"), StandardCharsets.UTF_8)) {
            defaults.load(in);
        }
        return defaults;
    }
}

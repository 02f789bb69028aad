package dev.ourahrvsync.springboot;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Applies {@code oura-hrv-sync/logback-included.xml} to the host's logback once Spring Boot has set up logging
 * (its defaults, or the host's logback-spring.xml) and applied the host's {@code logging.level.*}: every message and
 * stack trace masks the secrets the sync knows, and the loggers that would print resolved property values, bean
 * results, HTTP headers or the HTTP wire stay quiet, whatever level the host set on them. Without logback (a host on
 * Log4j 2) it does nothing.
 */
public class OuraSyncLogMasking implements GenericApplicationListener {

    /** Right after Spring Boot's logging set-up, before anything of Camel's exists. */
    public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;
    private static final boolean LOGBACK = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
            OuraSyncLogMasking.class.getClassLoader());

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType.toClass());
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (LOGBACK) {
            LogbackMasking.applyTo(LoggerFactory.getILoggerFactory());
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}

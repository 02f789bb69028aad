package dev.ourahrvsync.springboot;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import ch.qos.logback.core.pattern.PatternLayoutEncoderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import dev.ourahrvsync.logging.LoggingSetup;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** The logback side of {@link OuraSyncLogMasking}: kept apart so that a host without logback never loads it. */
final class LogbackMasking {

    private static final String INCLUDING = "<configuration><include resource=\"" + LoggingSetup.INCLUDED
            + "\"/></configuration>";

    private LogbackMasking() {
    }

    /** Applies the include to {@code loggerFactory} if it is logback's; tells whether it was. */
    static boolean applyTo(Object loggerFactory) {
        if (!(loggerFactory instanceof LoggerContext context)) {
            return false;
        }
        long since = System.currentTimeMillis();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            // onto the configured context, not a fresh one: the host's appenders and levels stay
            configurator.doConfigure(new ByteArrayInputStream(INCLUDING.getBytes(StandardCharsets.UTF_8)));
        } catch (JoranException e) {
            throw new IllegalStateException("Cannot apply " + LoggingSetup.INCLUDED + " to the host's logback", e);
        }
        if (new StatusUtil(context).getHighestLevel(since) >= Status.ERROR) {
            // a silent failure would leave the secrets unmasked
            throw new IllegalStateException("Cannot apply " + LoggingSetup.INCLUDED
                    + " to the host's logback: see logback's status messages");
        }
        // the conversion rules act on layouts built after them: rebuild those of the host's appenders
        for (Logger logger : context.getLoggerList()) {
            logger.iteratorForAppenders().forEachRemaining(LogbackMasking::rebuildLayout);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static void rebuildLayout(Appender<ILoggingEvent> appender) {
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
            Encoder<ILoggingEvent> encoder = stream.getEncoder();
            if (encoder instanceof PatternLayoutEncoderBase<ILoggingEvent> patternEncoder) {
                // builds a new layout from its pattern, with the rules now registered
                patternEncoder.start();
            } else if (encoder instanceof LayoutWrappingEncoder<ILoggingEvent> wrapping
                    && wrapping.getLayout() instanceof PatternLayoutBase<ILoggingEvent> layout) {
                layout.start();
            }
        }
        if (appender instanceof AppenderAttachable<?> attachable) {
            ((AppenderAttachable<ILoggingEvent>) attachable).iteratorForAppenders()
                    .forEachRemaining(LogbackMasking::rebuildLayout);
        }
    }
}

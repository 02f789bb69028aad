package dev.ourahrvsync.cli;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.SchedulerException;
import org.quartz.Trigger;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Optional;

/**
 * The one line a running service ({@code run}, {@code serve}) logs once it is up, so that a terminal that stays
 * silent for hours is not a mystery: where the data goes, the schedule and when it fires next, what is served.
 */
final class ServiceStartLine {

    /** The route the schedule fires, whose Quartz trigger says when. */
    static final String SCHEDULED_ROUTE = "oura-scheduled-sync";
    static final String SERVING = "Serving the data folder's JSON and CSV files";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '('VV')'");

    private ServiceStartLine() {
    }

    static String of(CamelContext context) throws SchedulerException, ParseException {
        Path data = Path.of(CamelApp.property(context, "sync.data-dir").strip()).toAbsolutePath().normalize();
        String serving = SERVING + " on http://" + CamelApp.property(context, "serve.bind-address").strip() + ":"
                + CamelApp.property(context, "serve.port").strip() + "/ to holders of serve.key";
        if (!CamelApp.isOn(context, "sync.scheduled")) {
            return serving + " (data folder " + data + "). No scheduled sync.";
        }
        String cron = CamelApp.property(context, "sync.cron").strip();
        String line = "Syncing into " + data + " on schedule '" + cron + "' (sync.cron)"
                + nextTrigger(context).map(next -> ", next at " + WHEN.format(next)).orElse("") + ". ";
        return line + (CamelApp.isOn(context, "serve.active") ? serving + "." : "Not serving (serve.enabled=false).");
    }

    /**
     * When the schedule fires next, as Quartz computes it for the trigger the route made, in that trigger's zone;
     * empty if the routes (edited ones) have no such trigger.
     */
    static Optional<ZonedDateTime> nextTrigger(CamelContext context) throws SchedulerException, ParseException {
        Route route = context.getRoute(SCHEDULED_ROUTE);
        if (route == null || !(route.getEndpoint() instanceof QuartzEndpoint endpoint)) {
            return Optional.empty();
        }
        Trigger trigger = context.getComponent("quartz", QuartzComponent.class).getScheduler()
                .getTrigger(endpoint.getTriggerKey());
        if (!(trigger instanceof CronTrigger cron)) {
            return Optional.empty();
        }
        CronExpression expression = new CronExpression(cron.getCronExpression());
        expression.setTimeZone(cron.getTimeZone());
        Date next = expression.getNextValidTimeAfter(new Date());
        return Optional.ofNullable(next)
                .map(date -> ZonedDateTime.ofInstant(date.toInstant(), cron.getTimeZone().toZoneId()));
    }
}

package dev.ourahrvsync.sync;

import dev.ourahrvsync.output.Metric;
import dev.ourahrvsync.oura.SleepDay;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** The routes' handle on the run's {@link RunReport}, which lives in an exchange property. */
public class RunReports {

    private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);

    private Clock clock = Clock.systemUTC();
    private boolean spo2Wanted;

    public void setMetrics(String list) {
        this.spo2Wanted = Metric.parse(list, "sync.metrics").contains(Metric.SPO2);
    }

    /** Whether this window should read daily SpO2: asked for, and not skipped earlier in the run. */
    public boolean wantsSpo2(@ExchangeProperty(RunReport.PROPERTY) RunReport report) {
        return spo2Wanted && report.getSpo2Skipped() == null;
    }

    /** SpO2 cannot be read with this authorization: one warning, and no further try in this run. */
    public void skipSpo2(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = caught instanceof HttpOperationFailedException http
                ? "Oura answered HTTP " + http.getStatusCode() + " to daily_spo2: the spo2Daily scope was not"
                        + " granted, or the membership does not include it"
                : caught == null ? "unknown reason" : caught.getMessage();
        exchange.getProperty(RunReport.PROPERTY, RunReport.class).skipSpo2(reason);
        LOG.warn("SpO2 skipped for this run, the other series go on: {}", reason);
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    public void start(Exchange exchange) {
        exchange.setProperty(RunReport.PROPERTY, new RunReport(clock.instant()));
    }

    public void dayStarted(@ExchangeProperty(RunReport.PROPERTY) RunReport report, @Body SleepDay day) {
        report.dayStarted(day.isEmpty());
    }

    public void fileChanged(@ExchangeProperty(RunReport.PROPERTY) RunReport report) {
        report.fileChanged();
    }

    public void dayDone(@ExchangeProperty(RunReport.PROPERTY) RunReport report) {
        report.dayDone();
    }

    public String summary(@ExchangeProperty(RunReport.PROPERTY) RunReport report) {
        return report.summary(clock.instant());
    }

    /** Counts a call to Oura on the exchange's report, if the exchange belongs to a run. */
    public static void apiCall(Exchange exchange) {
        RunReport report = exchange.getProperty(RunReport.PROPERTY, RunReport.class);
        if (report != null) {
            report.apiCall();
        }
    }
}

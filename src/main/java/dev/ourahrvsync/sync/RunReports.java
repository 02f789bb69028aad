package dev.ourahrvsync.sync;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import java.time.Clock;

/** The routes' handle on the run's {@link RunReport}, which lives in an exchange property. */
public class RunReports {

    private Clock clock = Clock.systemUTC();

    void setClock(Clock clock) {
        this.clock = clock;
    }

    public void start(Exchange exchange) {
        exchange.setProperty(RunReport.PROPERTY, new RunReport(clock.instant()));
    }

    public void dayStarted(@ExchangeProperty(RunReport.PROPERTY) RunReport report) {
        report.dayStarted();
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

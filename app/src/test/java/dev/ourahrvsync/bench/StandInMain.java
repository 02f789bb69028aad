package dev.ourahrvsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.HistoryGenerator;
import dev.ourahrvsync.SyncProcesses;
import dev.ourahrvsync.demo.OuraStandIn;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The stand-in Oura on its own, for bench/backfill.sh: serves a generated history of N years ending tomorrow, writes a
 * token store the sync can use without refreshing, prints what a sync needs ({@code key=value} lines, ending with
 * {@code ready}) and serves until it is killed.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     dev.ourahrvsync.bench.StandInMain YEARS TOKEN_FILE [PAGE_SIZE [SEED]]</pre>
 */
public final class StandInMain {

    private StandInMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: StandInMain YEARS TOKEN_FILE [PAGE_SIZE [SEED]]");
            System.exit(2);
        }
        int years = Integer.parseInt(args[0]);
        Path tokenFile = Path.of(args[1]);
        int pageSize = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        LocalDate today = LocalDate.now(SyncProcesses.ZONE);
        LocalDate start = today.minusYears(years);
        List<JsonNode> history = HistoryGenerator.nights(start, today.plusDays(1), seed);
        OuraStandIn standIn = OuraStandIn.start(history);
        standIn.pageSize(pageSize);
        standIn.pageDelay(Duration.ZERO);
        SyncProcesses.storeValidTokens(tokenFile, standIn);
        System.out.println("base-url=" + standIn.baseUrl());
        System.out.println("start-date=" + start);
        System.out.println("days=" + (today.plusDays(1).toEpochDay() - start.toEpochDay() + 1));
        System.out.println("documents=" + history.size());
        System.out.println("hrv-days=" + SyncProcesses.daysWithHrv(history).size());
        System.out.println("ready");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}

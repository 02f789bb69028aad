package dev.ourahrvsync.export;

import dev.ourahrvsync.output.AtomicFiles;
import dev.ourahrvsync.output.LocalFileException;
import dev.ourahrvsync.output.RecordWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds one file of a metric over a range of days from the raw archive, with no API call: for importing history in
 * one go. It streams: each day's raw file is read, turned into records by the same functions as the sync, and
 * written before the next day is read, so ten years take no more memory than a night. The file is replaced
 * atomically; a failed export leaves an existing file as it was.
 */
public final class HistoryExport {

    /**
     * What to export.
     *
     * @param from the first day, or null for the first day of the raw archive
     * @param to the last day (inclusive), or null for the last day of the raw archive
     */
    public record Request(LocalDate from, LocalDate to, ExportMetric<?> metric, ExportFormat format, Path out) {

        public Request {
            Objects.requireNonNull(metric);
            Objects.requireNonNull(format);
            Objects.requireNonNull(out);
            if (from != null && to != null && to.isBefore(from)) {
                throw new IllegalArgumentException("--to (" + to + ") is before --from (" + from + ")");
            }
        }
    }

    /**
     * What was written.
     *
     * @param from the first day looked at; null, like {@code to}, when the archive had no day to default to
     * @param nights the days that gave at least one record
     */
    public record Summary(Request request, LocalDate from, LocalDate to, int nights, long records, Path archive) {

        /** The one line the command prints. */
        public String line() {
            String metric = request.metric().name();
            String file = request.out() + " (" + request.format().optionValue() + ")";
            if (records > 0) {
                return records + " " + metric + " records from " + nights + " nights, " + from + " to " + to
                        + ", in " + file;
            }
            String where = from == null || to == null ? "" : " from " + from + " to " + to;
            return "no " + metric + " records in the raw archive (" + archive + ")" + where + ", so " + file
                    + " holds none: sync those days first";
        }
    }

    private final RawArchive archive;
    private final Set<String> sleepTypes;
    private final Clock clock;

    /**
     * @param sleepTypes the period types whose records are written, as {@code sync.sleep-types} says
     * @param clock when the export is made, for the Apple Health export's {@code ExportDate}
     */
    public HistoryExport(RawArchive archive, Set<String> sleepTypes, Clock clock) {
        this.archive = archive;
        this.sleepTypes = Set.copyOf(sleepTypes);
        this.clock = clock;
    }

    public Summary write(Request request) throws IOException {
        LocalDate from = request.from() != null ? request.from() : archive.firstDay().orElse(null);
        LocalDate to = request.to() != null ? request.to() : archive.lastDay().orElse(null);
        return write(request.metric(), request, from, to);
    }

    private <T> Summary write(ExportMetric<T> metric, Request request, LocalDate from, LocalDate to)
            throws IOException {
        Tally tally = new Tally();
        Path folder = request.out().toAbsolutePath().getParent();
        try {
            AtomicFiles.createDataFolder(folder);
        } catch (IOException e) {
            // the folders of the file are made for it: their failure is the file's
            throw LocalFileException.cannot("create", "", request.out(), e);
        }
        AtomicFiles.write(request.out(), AtomicFiles.OWNER_ONLY, out -> {
            try (RecordWriter<T> writer = request.format().open(metric, out, ZonedDateTime.now(clock))) {
                for (LocalDate day = from; day != null && to != null && !day.isAfter(to); day = day.plusDays(1)) {
                    List<T> records = archive.day(day)
                            .map(documents -> metric.records(documents, sleepTypes))
                            .orElse(List.of());
                    for (T record : records) {
                        writer.write(record);
                    }
                    tally.add(records.size());
                }
            }
        });
        return new Summary(request, from, to, tally.nights, tally.records, archive.folder());
    }

    private static final class Tally {
        private int nights;
        private long records;

        void add(int dayRecords) {
            if (dayRecords > 0) {
                nights++;
                records += dayRecords;
            }
        }
    }
}

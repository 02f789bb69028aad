package dev.ourahrvsync.sync;

/**
 * How a host asks for one sync, the command line included: send to {@link #ENDPOINT} with these headers (all
 * optional); the reply body is the run's summary line. A failure comes back as the exchange's exception, a typed one
 * in its cause chain that {@code dev.ourahrvsync.sync.ExitCode.of} maps to the documented exit status and
 * {@link Failures#oneLine} to the one line a user reads. Names carry the {@code Oura} prefix: they share the host's
 * exchange with its own headers.
 */
public final class SyncRequest {

    /** The sync route's endpoint. */
    public static final String ENDPOINT = "direct:oura-sync";
    /**
     * Header: the first day to sync, YYYY-MM-DD (the command's {@code --from}). With FROM or TO the run syncs exactly
     * those days and the sync state stays; with neither it syncs on from the state, as the schedule does.
     */
    public static final String FROM = "OuraSyncFrom";
    /**
     * Header: the last day, YYYY-MM-DD ({@code --to}). FROM alone ends today; TO alone starts
     * {@code sync.lookback-days} before it.
     */
    public static final String TO = "OuraSyncTo";
    /** Header: true to wait for a sync running on the same data folder instead of failing at once ({@code --wait}). */
    public static final String WAIT = "OuraSyncWait";

    private SyncRequest() {
    }
}

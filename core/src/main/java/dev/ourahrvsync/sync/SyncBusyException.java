package dev.ourahrvsync.sync;

import java.nio.file.Path;

/** Another sync holds the data folder's lock. */
public class SyncBusyException extends RuntimeException {

    public SyncBusyException(Path dataDir) {
        super("another sync is running on " + dataDir.toAbsolutePath().normalize()
                + ": try later, or give --wait to wait for it");
    }
}

package dev.ourahrvsync.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux's table of file locks ({@code /proc/locks}): who holds a lock on a file and who is blocked waiting for it.
 * Java's {@code FileChannel.lock()} takes a POSIX record lock there, so another process can see, without touching
 * the lock, that a process is parked in {@link TokenStore#withLock}.
 */
final class ProcLocks {

    private static final Path TABLE = Path.of("/proc/locks");

    /** One line of the table about one file. */
    record Entry(long pid, boolean waiting) {
    }

    private ProcLocks() {
    }

    static boolean available() {
        return Files.isReadable(TABLE);
    }

    /** The inode number that {@code /proc/locks} names a file by. */
    static long inode(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
    }

    /**
     * The locks held on, and the lock requests blocked on, the file with this inode. Lines look like
     * {@code 1: POSIX  ADVISORY  WRITE 4711 fe:00:2146350 0 EOF}, a blocked request like
     * {@code 1: -> POSIX  ADVISORY  WRITE 4712 fe:00:2146350 0 EOF}.
     */
    static List<Entry> on(long inode) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            String[] fields = line.trim().split("\\s+");
            int at = 1;
            boolean waiting = fields.length > at && fields[at].equals("->");
            if (waiting) {
                at++;
            }
            // type, ADVISORY/MANDATORY, READ/WRITE, pid, major:minor:inode
            if (fields.length < at + 5) {
                continue;
            }
            String[] device = fields[at + 4].split(":");
            if (device.length == 3 && device[2].equals(Long.toString(inode))) {
                entries.add(new Entry(Long.parseLong(fields[at + 3]), waiting));
            }
        }
        return entries;
    }
}

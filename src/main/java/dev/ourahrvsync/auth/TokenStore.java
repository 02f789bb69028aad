package dev.ourahrvsync.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The file that keeps the user's tokens. Oura's refresh tokens are single use, so losing a rotated pair locks the
 * user out: every write goes to a temporary file in the same folder, is synced, renamed over the old file and the
 * folder synced, so that a crash at any instant leaves the old pair or the new pair. Files are owner-only.
 */
public class TokenStore {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** One lock per JVM as well: a JVM may not hold two overlapping locks on one file. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path file;

    public TokenStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    /** The stored pair; empty when the store does not exist yet or is empty. */
    public Optional<StoredTokens> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TokenStoreException("the token file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        if (bytes.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(bytes, StoredTokens.class));
        } catch (IOException e) {
            // never quote the content: it holds tokens
            throw new TokenStoreException("the token file " + file + " is not a token store this tool wrote");
        }
    }

    /** Replaces the stored pair atomically and durably. */
    public void write(StoredTokens tokens) {
        try {
            Path folder = file.getParent();
            createOwnerOnlyFolder(folder);
            Path temp = POSIX
                    ? Files.createTempFile(folder, "." + file.getFileName(), ".tmp",
                            PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
            try {
                ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(tokens));
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(true);
                }
                moveAtomically(temp, file);
            } finally {
                Files.deleteIfExists(temp);
            }
            syncFolder(folder);
        } catch (IOException e) {
            throw new TokenStoreException("the token file " + file + " cannot be written: " + e.getClass().getSimpleName()
                    + " " + e.getMessage());
        }
    }

    /**
     * Runs {@code work} holding the store's inter-process lock, so that two processes never spend one refresh token
     * twice. The lock dies with its process: a killed run never blocks the next.
     */
    public <T> T withLock(Callable<T> work) throws Exception {
        IN_PROCESS.lock();
        try {
            createOwnerOnlyFolder(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), ownerOnlyFileAttributes());
                 FileLock ignored = channel.lock()) {
                return work.call();
            }
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static FileAttribute<?>[] ownerOnlyFileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    private static void createOwnerOnlyFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } else {
            Files.createDirectories(folder);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("this file system cannot replace files atomically", e);
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open a folder for syncing; the rename itself is still atomic there
        }
    }
}

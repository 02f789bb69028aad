package dev.ourahrvsync.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ourahrvsync.logging.Secrets;
import dev.ourahrvsync.output.AtomicFiles;
import dev.ourahrvsync.output.LocalFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The file that keeps the user's tokens. Oura's refresh tokens are single use, so losing a rotated pair locks the
 * user out: every write replaces the file atomically and durably ({@link AtomicFiles}), so that a crash at any
 * instant leaves the old pair or the new pair. The file, its folder and its lock are owner-only.
 */
public class TokenStore {

    /** One lock per JVM as well: a JVM may not hold two overlapping locks on one file. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    /** The store files whose inter-process lock this JVM holds; only touched while holding {@link #IN_PROCESS}. */
    private static final Set<Path> LOCKED = new HashSet<>();

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * The least a probe writes: a few file system blocks, far more than a pair takes (Oura's pair is well under 2 KiB).
     */
    static final int MIN_PROBE_BYTES = 16 * 1024;

    private final Path file;

    /**
     * Where the store is when {@code oura.token-file} is empty: in the running user's home, never in the working
     * folder (a checkout, a data repository).
     */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".config", "oura-hrv-sync", "tokens.json");
    }

    /** {@code oura.token-file} as set, or {@link #defaultFile()} when it is empty. */
    public static Path fileOf(String setting) {
        return setting == null || setting.isBlank() ? defaultFile() : Path.of(setting.strip());
    }

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
            throw new TokenStoreException(LocalFileException.cannot("read", "the token file", file, e).getMessage());
        }
        if (bytes.length == 0) {
            return Optional.empty();
        }
        try {
            StoredTokens tokens = JSON.readValue(bytes, StoredTokens.class);
            Secrets.register(tokens.accessToken());
            Secrets.register(tokens.refreshToken());
            return Optional.of(tokens);
        } catch (IOException e) {
            // never quote the content: it holds tokens
            throw new TokenStoreException("the token file " + file + " is not a token store this tool wrote");
        }
    }

    /**
     * Replaces the stored pair atomically and durably. Under {@link #withLock} it first deletes the temporary files
     * that writes killed half way left next to the store: they are owner-only, but each may hold a pair, and without
     * this they pile up one per unlucky kill. Only under the lock is it certain that no other process is between
     * creating its temporary file and renaming it.
     */
    public void write(StoredTokens tokens) {
        Secrets.register(tokens.accessToken());
        Secrets.register(tokens.refreshToken());
        try {
            if (holdsLock()) {
                AtomicFiles.deleteLeftoverTemps(file);
            }
            AtomicFiles.writeOwnerOnly(file, JSON.writeValueAsBytes(tokens));
        } catch (IOException e) {
            throw new TokenStoreException(LocalFileException.cannot("write", "the token file", file, e).getMessage());
        }
    }

    /**
     * Proves that the store's folder can take a new pair, before a single-use refresh token or code is spent for
     * one: writes a probe file of at least twice the store's size (the new pair and the old one exist side by side
     * during a write), syncs it to disk and deletes it. Incompressible bytes, so that a compressing file system
     * cannot fake the room. The probe is named as {@link AtomicFiles} names its temporary files, so that one a kill
     * left behind is deleted with theirs. Call holding {@link #withLock}.
     *
     * @throws TokenStoreException naming the folder and the reason ("No space left on device")
     */
    public void requireRoom() {
        Path folder = file.getParent();
        try {
            AtomicFiles.createOwnerOnlyFolder(folder);
            long size = Math.max(MIN_PROBE_BYTES, 2 * sizeOrZero());
            Path probe = Files.createTempFile(folder, "." + file.getFileName(), ".tmp",
                    AtomicFiles.ownerOnlyAttributes());
            try {
                try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                    byte[] noise = new byte[(int) Math.min(size, 64 * 1024)];
                    ThreadLocalRandom.current().nextBytes(noise);
                    for (long left = size; left > 0; ) {
                        ByteBuffer chunk = ByteBuffer.wrap(noise, 0, (int) Math.min(left, noise.length));
                        while (chunk.hasRemaining()) {
                            left -= channel.write(chunk);
                        }
                    }
                    channel.force(true);
                }
            } finally {
                deleteQuietly(probe);
            }
        } catch (IOException e) {
            throw new TokenStoreException("the token folder " + folder + " cannot take a new token pair ("
                    + LocalFileException.reason(e) + "), so nothing was sent to Oura: make room there, then try"
                    + " again");
        }
    }

    /** A probe that cannot be deleted now is a leftover temporary file: the next write under the lock deletes it. */
    private static void deleteQuietly(Path probe) {
        try {
            Files.deleteIfExists(probe);
        } catch (IOException e) {
            // see above
        }
    }

    private long sizeOrZero() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }


    /**
     * Runs {@code work} holding the store's inter-process lock, so that two processes never spend one refresh token
     * twice. The lock dies with its process: a killed run never blocks the next.
     */
    public <T> T withLock(Callable<T> work) throws Exception {
        IN_PROCESS.lock();
        try (FileChannel channel = openLockFile(); FileLock ignored = channel.lock()) {
            LOCKED.add(file);
            try {
                return work.call();
            } finally {
                LOCKED.remove(file);
            }
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private FileChannel openLockFile() {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            AtomicFiles.createOwnerOnlyFolder(file.getParent());
            return FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    AtomicFiles.ownerOnlyAttributes());
        } catch (IOException e) {
            throw new TokenStoreException(LocalFileException.cannot("create", "the token store's lock file", lockFile, e)
                    .getMessage());
        }
    }

    /** True when this thread runs inside {@link #withLock} of this store's file. */
    private boolean holdsLock() {
        return IN_PROCESS.isHeldByCurrentThread() && LOCKED.contains(file);
    }
}

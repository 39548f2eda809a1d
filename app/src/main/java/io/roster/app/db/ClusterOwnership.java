package io.roster.app.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which Roster process owns an embedded cluster. The postmaster runs detached from the JVM (pg_ctl starts it), so a
 * kill -9 of Roster leaves it running and holding {@code postmaster.pid}; the next start would then fail. Roster
 * records its own pid in {@code roster.pid} next to {@code postmaster.pid}, so a later start can tell an orphan
 * (its Roster is gone: stop it, then start) from a cluster another Roster still serves (refuse).
 */
final class ClusterOwnership {

    static final String OWNER_FILE = "roster.pid";
    private static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final Logger log = LoggerFactory.getLogger(ClusterOwnership.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private ClusterOwnership() {
    }

    /**
     * Before the cluster starts: refuses when another live Roster owns it, and stops a postmaster left behind by a
     * Roster that is gone. A stale {@code postmaster.pid} whose process is dead is left to PostgreSQL, which
     * replaces it.
     */
    static void takeOverFromEarlierRoster(Path cluster) {
        Optional<ProcessHandle> owner = liveOwner(cluster);
        if (owner.isPresent() && owner.get().pid() != ProcessHandle.current().pid()) {
            throw new IllegalStateException("the embedded PostgreSQL in " + cluster + " belongs to Roster process "
                    + owner.get().pid() + ", which is still running; stop it first, or give this one another "
                    + "ROSTER_DATA_DIR");
        }
        if (owner.isEmpty() && lockedByAnotherProcess(cluster)) {
            throw new IllegalStateException("the embedded PostgreSQL in " + cluster + " is in use by another process"
                    + " (it holds " + ZONKY_LOCK_FILE + "); stop it first, or give this one another ROSTER_DATA_DIR");
        }
        Optional<ProcessHandle> postmaster = livePostmaster(cluster);
        if (postmaster.isEmpty()) {
            return;
        }
        if (owner.isPresent()) {
            throw new IllegalStateException("the embedded PostgreSQL in " + cluster + " (postmaster "
                    + postmaster.get().pid() + ") is already served by this process");
        }
        log.warn("Stopping the embedded PostgreSQL (postmaster {}) left running by a Roster that is gone", postmaster.get().pid());
        stopFast(postmaster.get());
    }

    /**
     * zonky holds a file lock on {@value #ZONKY_LOCK_FILE} while it serves the cluster, and the kernel drops it when
     * that process dies: a held lock means a live owner even where {@code roster.pid} says nothing (an older Roster).
     */
    private static boolean lockedByAnotherProcess(Path cluster) {
        Path lockFile = cluster.resolve(ZONKY_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException heldInThisJvm) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + lockFile, e);
        }
    }

    /** Records this JVM as the cluster's owner (pid and start time, so a reused pid is not mistaken for it). */
    static void claim(Path cluster) {
        ProcessHandle self = ProcessHandle.current();
        String record = self.pid() + " " + self.info().startInstant().map(Instant::toString).orElse("-") + "\n";
        try {
            Path partial = cluster.resolve(OWNER_FILE + ".partial");
            Files.writeString(partial, record);
            Files.move(partial, cluster.resolve(OWNER_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + cluster.resolve(OWNER_FILE), e);
        }
    }

    /** The Roster JVM named in {@code roster.pid}, if it is still running (same pid, same start time, a java). */
    static Optional<ProcessHandle> liveOwner(Path cluster) {
        List<String> fields = readFields(cluster.resolve(OWNER_FILE));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(fields.get(0))).filter(ProcessHandle::isAlive);
        return process.filter(candidate -> {
            ProcessHandle.Info info = candidate.info();
            boolean java = info.command().map(command -> Path.of(command).getFileName().toString().startsWith("java"))
                    .orElse(true);
            boolean sameStart = fields.size() < 2 || "-".equals(fields.get(1))
                    || info.startInstant().map(started -> started.toString().equals(fields.get(1))).orElse(true);
            return java && sameStart;
        });
    }

    /** The postmaster named in the first line of {@code postmaster.pid}, if a PostgreSQL server runs under that pid. */
    static Optional<ProcessHandle> livePostmaster(Path cluster) {
        List<String> fields = readFields(cluster.resolve("postmaster.pid"));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(fields.get(0))).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command()
                        .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                        .orElse(true));
    }

    /** pg_ctl's "fast" mode: SIGINT aborts open sessions, checkpoints and exits; waited for, bounded. */
    private static void stopFast(ProcessHandle postmaster) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("could not signal the orphaned postmaster " + postmaster.pid() + ": "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
            postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the orphaned postmaster " + postmaster.pid(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the orphaned postmaster " + postmaster.pid() + " did not stop within " + STOP_WAIT);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for the orphaned postmaster " + postmaster.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the orphaned postmaster " + postmaster.pid());
        }
    }

    private static List<String> readFields(Path file) {
        try {
            String content = Files.readString(file);
            String firstLine = content.lines().findFirst().orElse("").strip();
            if (firstLine.isEmpty()) {
                return List.of();
            }
            List<String> fields = List.of(firstLine.split("\\s+"));
            if (!fields.get(0).chars().allMatch(Character::isDigit)) {
                return List.of();
            }
            if (file.getFileName().toString().equals("postmaster.pid")) {
                return List.of(fields.get(0));
            }
            return fields;
        } catch (NoSuchFileException absent) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

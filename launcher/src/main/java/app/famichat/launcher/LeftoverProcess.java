package app.famichat.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A process that a killed launcher left running on its data directory, found through its pid file: PostgreSQL's
 * {@code postmaster.pid} or the launcher's own {@code payara.pid}. Such a process would hold the data directory
 * (a second postmaster refuses to start) and the ports, so the next start stops it. A pid file whose process is
 * gone, or whose pid now belongs to an unrelated process, is removed.
 *
 * @param what      how the log line names it ("PostgreSQL")
 * @param pidFile   the first line holds the pid
 * @param belongs   whether a live process's command line ({@code /proc/PID/cmdline} arguments) and working
 *                  directory show that it is the one the pid file is about
 * @param patience  how long SIGTERM may take before SIGKILL
 */
record LeftoverProcess(String what, Path pidFile, Predicate<ProcessFacts> belongs, java.time.Duration patience) {

    /** What Linux tells of a process: its arguments and its working directory (empty if not readable). */
    record ProcessFacts(List<String> arguments, Optional<Path> workingDirectory) {

        static Optional<ProcessFacts> of(long pid) {
            try {
                byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
                List<String> arguments = Arrays.asList(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
                Optional<Path> cwd;
                try {
                    cwd = Optional.of(Path.of("/proc", Long.toString(pid), "cwd").toRealPath());
                } catch (IOException e) {
                    cwd = Optional.empty();
                }
                return Optional.of(new ProcessFacts(arguments, cwd));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** A postmaster runs in its data directory, and pg_ctl and the launcher start it with {@code -D <data>}. */
    static LeftoverProcess postgres(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        return new LeftoverProcess("PostgreSQL", data.resolve("postmaster.pid"), facts ->
                !facts.arguments().isEmpty() && facts.arguments().get(0).endsWith("postgres")
                        && (facts.arguments().contains(data.toString())
                        || facts.workingDirectory().map(cwd -> sameFile(cwd, data)).orElse(false)),
                java.time.Duration.ofSeconds(30));
    }

    /** The launcher writes {@code payara.pid}; Payara runs with its root directory under the data directory. */
    static LeftoverProcess payara(Path famichatDataDirectory) {
        Path root = famichatDataDirectory.toAbsolutePath().normalize();
        return new LeftoverProcess("Payara Micro", root.resolve("payara.pid"), facts ->
                facts.arguments().stream().anyMatch(argument -> argument.endsWith("payara-micro.jar"))
                        && facts.arguments().contains(root.resolve("payara").toString()),
                java.time.Duration.ofSeconds(60));
    }

    /**
     * Stops the leftover process if there is one (SIGTERM, then SIGKILL after {@link #patience}) and removes the
     * pid file; one log line says what was done. Returns whether a live process was stopped.
     */
    boolean stopIfRunning(Consumer<String> log) throws IOException {
        Optional<Long> pid = readPid();
        if (pid.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)
                .filter(handle -> ProcessFacts.of(handle.pid()).filter(belongs).isPresent());
        if (process.isEmpty()) {
            Files.deleteIfExists(pidFile);
            log.accept("removed the stale " + pidFile.getFileName() + " of " + what + " (pid " + pid.get()
                    + " is not running)");
            return false;
        }
        boolean killed = stop(process.get());
        Files.deleteIfExists(pidFile);
        log.accept("found " + what + " (pid " + pid.get() + ") left running on this data directory by an earlier "
                + "launcher; " + (killed ? "it ignored SIGTERM for " + patience.toSeconds() + " s and was killed"
                : "stopped it"));
        return true;
    }

    private boolean stop(ProcessHandle process) throws IOException {
        CompletableFuture<ProcessHandle> exited = process.onExit();
        process.destroy();
        try {
            exited.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            try {
                exited.get(10, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                throw new IOException(what + " (pid " + process.pid() + ") does not stop, even with SIGKILL");
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping " + what, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e);
        }
    }

    /**
     * Waits until no process works in {@code directory} any more. A postmaster that was killed leaves its backends
     * for a moment; while they hold its shared memory, a new postmaster refuses to start.
     */
    static void awaitNoneWorkingIn(Path directory, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses().anyMatch(process ->
                ProcessFacts.of(process.pid()).flatMap(ProcessFacts::workingDirectory)
                        .map(cwd -> sameFile(cwd, directory)).orElse(false))) {
            Thread.sleep(100);
        }
    }

    private Optional<Long> readPid() throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Records a process the launcher started, so that a later launcher can find it if this one is killed. */
    static void writePid(Path pidFile, long pid) throws IOException {
        OwnerOnly.write(pidFile, pid + "\n");
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}

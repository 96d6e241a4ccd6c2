package app.famichat.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Famichat started exactly as README's run command starts it ({@code java -jar famichat-launcher.jar}), with
 * the given environment, as a child process of the test.
 */
public final class LaunchedFamichat implements AutoCloseable {

    private final Process launcher;
    private final Path dataDir;
    private final Path output;
    private final int httpPort;

    private LaunchedFamichat(Process launcher, Path dataDir, Path output, int httpPort) {
        this.launcher = launcher;
        this.dataDir = dataDir;
        this.output = output;
        this.httpPort = httpPort;
    }

    /** Starts the launcher and waits until it says it is ready (at most five minutes). */
    public static LaunchedFamichat start(Path dataDir, Map<String, String> extraEnvironment) throws Exception {
        LaunchedFamichat famichat = launch(dataDir, extraEnvironment);
        try {
            famichat.awaitLauncherLine("[famichat] ready in", Duration.ofMinutes(5));
        } catch (Exception | Error e) {
            famichat.close(); // a launcher that never got ready would otherwise outlive the test, with its Payara
            throw e;
        }
        return famichat;
    }

    /** Starts launchers at once (each a {@link #start} call); if one fails, stops the others before throwing. */
    @SafeVarargs
    public static List<LaunchedFamichat> startAll(Callable<LaunchedFamichat>... starts)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(starts.length);
        try {
            List<Future<LaunchedFamichat>> futures = new ArrayList<>();
            for (Callable<LaunchedFamichat> start : starts) {
                futures.add(pool.submit(start));
            }
            List<LaunchedFamichat> started = new ArrayList<>();
            Exception failure = null;
            for (Future<LaunchedFamichat> future : futures) {
                try {
                    started.add(future.get());
                } catch (ExecutionException e) {
                    failure = failure == null ? new IllegalStateException("a node did not start", e.getCause()) : failure;
                }
            }
            if (failure != null) {
                for (LaunchedFamichat node : started) {
                    node.close();
                }
                throw failure;
            }
            return started;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts the launcher without waiting for it: for starts that are meant to fail. */
    public static LaunchedFamichat launch(Path dataDir, Map<String, String> extraEnvironment) throws Exception {
        Files.createDirectories(dataDir);
        int port = FreePorts.find();
        Path output = dataDir.resolve("launcher-output.txt");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                TestEnvironment.get().distribution().home().resolve("famichat-launcher.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("FAMICHAT_"));
        env.put("FAMICHAT_DATA_DIR", dataDir.toString());
        env.put("FAMICHAT_HTTP_PORT", Integer.toString(port));
        env.putAll(extraEnvironment);
        return new LaunchedFamichat(builder.start(), dataDir, output, port);
    }

    private void awaitLauncherLine(String text, Duration timeout) throws Exception {
        awaitOutput(text, 1, timeout);
    }

    /** Waits until the launcher's output holds {@code text} at least {@code times} times. */
    public void awaitOutput(String text, int times, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readString(output).split(java.util.regex.Pattern.quote(text), -1).length
                    > times) {
                return;
            }
            if (!launcher.isAlive()) {
                throw new IllegalStateException("The launcher exited with " + launcher.exitValue() + "; see " + output);
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("No '" + text + "' within " + timeout + "; see " + output);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A client of this server without a token. */
    public Http http() {
        return new Http(baseUrl());
    }

    public Path dataDir() {
        return dataDir;
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    /** The launcher and every process it started (Payara Micro, PostgreSQL when embedded). */
    public List<ProcessHandle> processTree() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(launcher.toHandle()),
                launcher.descendants()).filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Stops the launcher with SIGTERM, which runs the same JVM shutdown hook as Ctrl-C (SIGINT). The test cannot
     * use SIGINT itself: a build started in the background inherits SIGINT as ignored, and so would the launcher.
     * Returns the launcher's exit code.
     */
    public int terminate(Duration timeout) throws Exception {
        launcher.destroy();
        if (!launcher.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The launcher did not stop within " + timeout);
        }
        return launcher.exitValue();
    }

    /** Waits for the launcher to exit on its own; returns its exit code. */
    public int awaitExit(Duration timeout) throws Exception {
        if (!launcher.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The launcher did not exit within " + timeout + "; see " + output);
        }
        return launcher.exitValue();
    }

    /** SIGKILL to the launcher alone, as an OOM killer or a careless operator would: its children stay. */
    public void kill() throws Exception {
        launcher.destroyForcibly();
        launcher.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGKILL to the launcher and every process it started, at once, as a machine's crash would: nothing runs a
     * shutdown hook. Waits until they are gone.
     */
    public void crash() throws Exception {
        List<ProcessHandle> tree = processTree();
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : tree) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    public boolean isAlive() {
        return launcher.isAlive();
    }

    @Override
    public void close() throws Exception {
        List<ProcessHandle> tree = processTree();
        if (launcher.isAlive()) {
            terminate(Duration.ofSeconds(90));
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}

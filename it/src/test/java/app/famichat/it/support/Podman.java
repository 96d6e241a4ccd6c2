package app.famichat.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs podman and podman-compose (rootful, as on the test machine: no Docker engine) with the project's settings,
 * docker/containers.conf, passed as {@code CONTAINERS_CONF} to every command, so that no system-wide file needs
 * editing. Each command's output is returned and kept in a log file under {@code logs} (the last run of each kind).
 */
public final class Podman {

    static final String INSTALL_HINT = "Install them with: sudo apt-get install podman buildah podman-compose "
            + "debootstrap runc (.ci/run does when they are missing; README, \"Tests\").";

    private final Path containersConf;
    private final Path logs;

    private Podman(Path containersConf, Path logs) {
        this.containersConf = containersConf;
        this.logs = logs;
    }

    /** What a command printed (standard output and error together) and its exit code. */
    public record Result(int exit, String output) {

        public boolean ok() {
            return exit == 0;
        }

        public String lastLines() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
    }

    /**
     * Podman with the settings file {@code containersConf}, logging under {@code logs}, if podman and
     * podman-compose are installed and this runs as root (the test machine's podman is rootful); if not, aborts the
     * test (JUnit skips it) saying how to install them, or fails it when the environment variable {@code CI} is
     * {@code true}, as {@link Browsers} does for Chromium.
     */
    public static Podman require(Path containersConf, Path logs) {
        List<String> missing = new ArrayList<>();
        for (String program : List.of("podman", "podman-compose")) {
            if (!onPath(program)) {
                missing.add(program);
            }
        }
        String why = !missing.isEmpty() ? "The container test needs podman and podman-compose, and "
                + String.join(" and ", missing) + " is missing. " + INSTALL_HINT
                : !"root".equals(System.getProperty("user.name"))
                ? "The container test runs podman rootful and needs root (it runs as " + System.getProperty("user.name")
                + ")." : null;
        if (why != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + " (CI=true: failing instead of skipping)");
            }
            Assumptions.abort(why);
        }
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Podman(containersConf, logs);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** {@code podman args...}; fails the test if podman does not finish within {@code timeout}. */
    public Result podman(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return run(command, Map.of(), null, timeout);
    }

    /** {@code podman args...}, failing the test unless it exits with 0. */
    public String podmanOk(Duration timeout, String... args) {
        return ok(podman(timeout, args), "podman " + String.join(" ", args));
    }

    /** {@code podman-compose -p project -f composeFile args...} with {@code env} added to the environment. */
    public Result compose(Path composeFile, String project, Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("podman-compose", "-p", project, "-f", composeFile.toString()));
        command.addAll(List.of(args));
        return run(command, env, composeFile.getParent(), timeout);
    }

    /** Any program (a script that calls podman itself) with podman's settings in its environment. */
    public Result program(List<String> command, Map<String, String> env, Duration timeout) {
        return run(command, env, null, timeout);
    }

    public static String ok(Result result, String what) {
        if (!result.ok()) {
            Assertions.fail(what + " exited with " + result.exit() + ":\n" + result.lastLines());
        }
        return result.output();
    }

    private Result run(List<String> command, Map<String, String> env, Path directory, Duration timeout) {
        // One file per kind of command (the last run of it): polls run the same command hundreds of times.
        Path log = logs.resolve(command.stream().limit(3).map(part -> Path.of(part).getFileName().toString())
                .collect(java.util.stream.Collectors.joining("-")).replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CONTAINERS_CONF", containersConf.toString());
        builder.environment().putAll(env);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                Assertions.fail(String.join(" ", command) + " did not finish within " + timeout + "; see " + log);
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package app.famichat.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Famichat on Payara Micro, as a child process: the run command and the black-box tests start it the same way.
 */
public final class PayaraMicroServer implements AutoCloseable {

    /** Bounded heap: libsignal frees native memory only through finalizers, so a smaller heap keeps RSS flat. */
    static final String DEFAULT_HEAP = "-Xmx512m";

    /**
     * The application's readiness check that its REST API answers: present once the WAR has deployed, UP once the
     * API serves. Before the application has deployed, Payara answers UP with no checks at all.
     */
    static final String APPLICATION_CHECK = "\"name\":\"serving\"";

    /**
     * MicroProfile Health's key for "no readiness check yet means DOWN". Payara 6.2025.10 does not read it (none of
     * its classes does, and /health/ready still answers UP with no checks while the WAR deploys): passed for Payara
     * versions that do, while the launcher and docs/operations.md rely on the {@code serving} check.
     */
    static final String EMPTY_READINESS_DOWN = "-Dmp.health.default.readiness.empty.response=DOWN";

    /** Payara Micro's last boot line: every deployment given on its command line has succeeded or failed. */
    static final java.util.regex.Pattern BOOTED = java.util.regex.Pattern.compile("Payara Micro .* ready in ");

    /**
     * The application in the summary of deployments Payara Micro prints before its last boot line (a WAR that
     * failed to deploy is missing from it; the resource adapter is "famichat-jms").
     */
    static final String APPLICATION_LISTED = "\"Name\": \"famichat\",";

    /** What {@link #awaitReady} found. */
    public enum Readiness {
        READY, EXITED, NOT_DEPLOYED, TIMED_OUT
    }

    private final Process process;
    private final String baseUrl;
    private final CompletableFuture<Boolean> booted;

    private PayaraMicroServer(Process process, String baseUrl, CompletableFuture<Boolean> booted) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.booted = booted;
    }

    /**
     * @param vaultKeys the key vault's FAMICHAT_VAULT_* variables (see {@link VaultKeys})
     * @param stateDir  where Payara's root directory, command files and logs go
     * @param output    the server's console output: a file, or null to share the caller's console
     */
    public static PayaraMicroServer start(Distribution distribution, LauncherConfig config,
                                          LauncherConfig.Database database, Map<String, String> vaultKeys,
                                          Path stateDir, Path output)
            throws IOException {
        List<String> command = command(distribution, config, stateDir);

        // umask 077: the logs and files Payara creates under the data directory are owner-only. setsid: Ctrl-C
        // reaches the launcher only, which stops the server before the database. Both exec: the pid stays Payara's.
        List<String> wrapped = new ArrayList<>(List.of("setsid", "/bin/sh", "-c", "umask 077 && exec \"$@\"", "payara"));
        wrapped.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(wrapped);
        builder.environment().putAll(serverEnvironment(database, vaultKeys));
        builder.redirectErrorStream(true);
        if (output != null) {
            builder.redirectOutput(output.toFile());
            return new PayaraMicroServer(builder.start(), config.baseUrl(), null);
        }
        // Read here (and copied to the console) to notice when Payara has finished booting and deploying.
        Process process = builder.start();
        CompletableFuture<Boolean> booted = new CompletableFuture<>();
        Thread copier = new Thread(() -> copyConsole(process, booted), "payara-console");
        copier.setDaemon(true);
        copier.start();
        return new PayaraMicroServer(process, config.baseUrl(), booted);
    }

    /**
     * The server's command line: this JVM's java, the launcher's JVM options, then the operator's
     * (FAMICHAT_SERVER_JVM_OPTIONS: the JVM takes the last of two settings of one flag), then Payara Micro's.
     */
    static List<String> command(Distribution distribution, LauncherConfig config, Path stateDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(distribution));
        command.addAll(config.serverJvmOptions());
        command.addAll(List.of("-jar", distribution.payaraMicroJar().toString()));
        command.addAll(microOptions(distribution, config, stateDir));
        command.addAll(List.of(
                "--port", Integer.toString(config.httpPort()),
                "--deploy", distribution.war().toString(),
                "--contextroot", "/"));
        return command;
    }

    /** Completes {@code booted} with whether Payara's summary of what it deployed named the application. */
    private static void copyConsole(Process process, CompletableFuture<Boolean> booted) {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            boolean applicationListed = false;
            while ((line = lines.readLine()) != null) {
                System.out.println(line);
                applicationListed |= line.contains(APPLICATION_LISTED);
                if (!booted.isDone() && BOOTED.matcher(line).find()) {
                    booted.complete(applicationListed);
                }
            }
        } catch (IOException e) {
            // the server's output closed: it has exited
        }
    }

    /**
     * Sized for a small home box (docs/benchmarks.md, "Footprint"): the serial collector (no concurrent collector
     * threads or remembered sets next to two cores' worth of work; what the JVM picks by itself below 2 GB) and a
     * heap that starts at 64 MB and grows as needed (by default the JVM commits a 64th of the machine's memory at
     * once, and the young generation soon touches all of it). Lower free-heap ratios kept the old generation so
     * tight that the start took 11 full collections and more CPU, for 5 MB less: not kept.
     */
    static final List<String> SMALL_BOX = List.of(
            "-XX:+UseSerialGC",
            "-Xms64m");

    /**
     * Returns free C heap to the system every 10 s: libsignal's and the JDK's native allocations left about 30 MB of
     * free pages in glibc's arenas after start. A flag of Java 17.0.9 and later, so passed only where it exists.
     */
    static final String TRIM_NATIVE_HEAP = "TrimNativeHeapInterval";

    /** JVM options of the server process (also used by the Arquillian tests, to test what runs). */
    public static List<String> jvmOptions(Distribution distribution) {
        List<String> options = new ArrayList<>(List.of(DEFAULT_HEAP));
        options.addAll(SMALL_BOX);
        if (jvmHasFlag(TRIM_NATIVE_HEAP)) {
            options.add("-XX:" + TRIM_NATIVE_HEAP + "=10000");
        }
        options.add(EMPTY_READINESS_DOWN);
        options.add("-Djava.library.path=" + distribution.nativeLibraries());
        return List.copyOf(options);
    }

    /** The server runs on this JVM's java ({@code java.home}), so this JVM knows its flags. */
    static boolean jvmHasFlag(String name) {
        try {
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /**
     * Payara Micro options, minus the port and the deployment: no data grid, libsignal on the server
     * class path, the resource adapter deployed (and pointed at the broker) by the post-boot file. Writes the
     * command files under {@code stateDir/config} and clears Payara's root directory {@code stateDir/payara}.
     */
    public static List<String> microOptions(Distribution distribution, LauncherConfig config, Path stateDir)
            throws IOException {
        Path configDir = stateDir.resolve("config");
        Path logDir = stateDir.resolve("logs");
        OwnerOnly.directory(logDir);
        Path preBoot = CommandFiles.write(configDir.resolve("pre-boot.asadmin"),
                CommandFiles.preBoot(Files.readAllLines(distribution.preBootCommands()), config.httpHost()));
        Path postBoot = CommandFiles.write(configDir.resolve("post-boot.asadmin"),
                CommandFiles.postBoot(distribution.resourceAdapter(), config.broker(), stateDir.resolve("broker")));
        // Payara's root directory is runtime state rebuilt at each start: reusing it would redeploy old copies.
        Path payaraRoot = stateDir.resolve("payara");
        deleteRecursively(payaraRoot);
        return List.of(
                "--disablephonehome",
                "--nocluster",
                "--rootdir", payaraRoot.toString(),
                "--addlibs", distribution.serverLibraries().toString(),
                "--prebootcommandfile", preBoot.toString(),
                "--postbootcommandfile", postBoot.toString(),
                "--logtofile", logDir.resolve("server.log").toString());
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The application reads these through MicroProfile Config. */
    public static Map<String, String> serverEnvironment(LauncherConfig.Database database,
                                                        Map<String, String> vaultKeys) {
        Map<String, String> env = new HashMap<>(vaultKeys);
        env.put("FAMICHAT_DB_URL", database.url());
        env.put("FAMICHAT_DB_USER", database.user());
        env.put("FAMICHAT_DB_PASSWORD", database.password());
        return env;
    }

    /**
     * Waits until {@code /health/ready} answers 200 with the application's {@code serving} check in it (before the
     * WAR has deployed, Payara answers UP with no checks at all). Payara Micro stays up when the WAR fails to deploy: when
     * its console says it has booted without the application among its deployments, the deployment failed.
     */
    public Readiness awaitReady(Duration timeout) throws InterruptedException {
        // HTTP/1.1: with the client's default (HTTP/2 through an h2c upgrade) a probe sent while Payara was still
        // deploying could leave a connection on which every later probe timed out, and the launcher never said ready.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return Readiness.EXITED;
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains(APPLICATION_CHECK)) {
                    return Readiness.READY;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (booted != null && booted.isDone() && !booted.join()) {
                return Readiness.NOT_DEPLOYED;
            }
            Thread.sleep(500);
        }
        return Readiness.TIMED_OUT;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** SIGTERM lets Payara undeploy cleanly (the embedded broker closes its journal); kill after 60 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

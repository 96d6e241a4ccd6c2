package app.famichat.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Artemis 2.40.0 broker in its own JVM, made from the distribution
 * ({@code org.apache.activemq:apache-artemis:2.40.0:tar.gz:bin}), listening on 127.0.0.1 only.
 *
 * <pre>
 * try (ExternalArtemis broker = ExternalArtemis.createAndStart(artemisHome, workDir)) {
 *     connect to "tcp://" + broker.host() + ":" + broker.port() as broker.user() / broker.password()
 * }
 * </pre>
 *
 * <p>Measured on a 2-core Linux box, Java 17: {@code artemis create} 0.9 s (2.8 s on the first, cold run; it
 * includes the journal auto-tune), start until "AMQ221007 Server is now active" and the port answers 1.8-3.1 s,
 * stop (SIGTERM, clean "AMQ221002 ... stopped") 0.15 s. Broker JVM RSS after start: about 185 MB (-Xmx512M below).
 *
 * <p>{@link #createPair} makes a primary/backup pair with replication ({@code artemis create --replicated}, the
 * backup with {@code --backup}, each naming the other with {@code --staticCluster}); see {@link Pair}.
 *
 * <p>Only the core acceptor exists ({@code --no-*-acceptor}); it still accepts every protocol on its one port.
 * {@code --no-web} removes the embedded Jetty (console/Jolokia on 8161) and the JMX connector is off by default,
 * so the only listening socket is 127.0.0.1:port. JUnit-agnostic; JDK only.
 */
public final class ExternalArtemis implements AutoCloseable {

    public static final String DEFAULT_USER = "famichat";
    public static final String DEFAULT_PASSWORD = "famichat-it";
    private static final String LIVE_MARKER = "AMQ221007"; // "Server is now active"
    /** "Backup server ... is synchronized with primary server": the backup holds a full copy and can take over. */
    private static final String SYNCHRONIZED_MARKER = "AMQ221024";
    /** The user the brokers of a pair replicate as. */
    private static final String CLUSTER_USER = "famichat-cluster";
    private static final long CREATE_TIMEOUT_S = 120, START_TIMEOUT_S = 90, STOP_TIMEOUT_S = 30;

    private final Path artemisHome;
    private final Path instanceDir;
    private final Path logFile;
    private final String user;
    private final String password;
    private final int port;
    /** What the log says when {@link #start} is done: active, or (a backup) synchronized with its primary. */
    private String readyMarker;
    private Process process;
    private Thread killOnExit;

    private ExternalArtemis(Path artemisHome, Path instanceDir, Path logFile, String user, String password, int port,
                            String readyMarker) {
        this.artemisHome = artemisHome;
        this.instanceDir = instanceDir;
        this.logFile = logFile;
        this.user = user;
        this.password = password;
        this.port = port;
        this.readyMarker = readyMarker;
    }

    /** {@link #create} then {@link #start}, with the default user and password. */
    public static ExternalArtemis createAndStart(Path artemisHome, Path workDir) {
        ExternalArtemis broker = create(artemisHome, workDir, DEFAULT_USER, DEFAULT_PASSWORD);
        broker.start();
        return broker;
    }

    /**
     * Creates a broker instance in {@code workDir/broker} on a free loopback port (not started yet).
     *
     * @param artemisHome the unpacked distribution: either {@code apache-artemis-2.40.0} itself or the directory
     *                    Maven unpacked the tar.gz into (which contains that single directory)
     */
    public static ExternalArtemis create(Path artemisHome, Path workDir, String user, String password) {
        return create(resolveHome(artemisHome), workDir, "broker", "famichat-it", FreePorts.find(), user, password,
                List.of(), LIVE_MARKER);
    }

    /**
     * A primary/backup pair with replication, in {@code workDir/primary} and {@code workDir/backup}, on two free
     * loopback ports (not started yet). Replication runs over the same acceptor as the clients, as
     * {@code CLUSTER_USER}.
     *
     * <p>{@code artemis create --replicated} writes {@code vote-on-replication-failure=true} for the primary and a
     * plain backup; with a single pair there is nobody to vote (the brokers log "ignoring quorum vote as max
     * cluster size is 0"): the backup activates as soon as it loses its primary, and the primary stays active when
     * it loses its backup. The primary also gets {@code check-for-active-server}: restarted after its backup took
     * over, it becomes the new backup (copying the active broker's journal) instead of a second active broker with
     * a stale journal.
     */
    public static Pair createPair(Path artemisHome, Path workDir, String user, String password) {
        Path home = resolveHome(artemisHome);
        int primaryPort = FreePorts.find();
        int backupPort = FreePorts.find();
        String clusterPassword = java.util.UUID.randomUUID().toString();
        List<String> replicated = List.of("--replicated", "--cluster-user", CLUSTER_USER,
                "--cluster-password", clusterPassword);
        List<String> primaryArgs = new ArrayList<>(replicated);
        primaryArgs.addAll(List.of("--staticCluster", "tcp://127.0.0.1:" + backupPort));
        List<String> backupArgs = new ArrayList<>(replicated);
        backupArgs.addAll(List.of("--backup", "--staticCluster", "tcp://127.0.0.1:" + primaryPort));
        ExternalArtemis primary = create(home, workDir, "primary", "famichat-it-primary", primaryPort, user, password,
                primaryArgs, LIVE_MARKER);
        primary.editBrokerXml("<vote-on-replication-failure>true</vote-on-replication-failure>",
                "<vote-on-replication-failure>true</vote-on-replication-failure>"
                        + "<check-for-active-server>true</check-for-active-server>");
        ExternalArtemis backup = create(home, workDir, "backup", "famichat-it-backup", backupPort, user, password,
                backupArgs, SYNCHRONIZED_MARKER);
        return new Pair(primary, backup);
    }

    /**
     * A primary and its backup. {@link #start} starts the primary, then the backup, and returns once the backup
     * holds a synchronized copy. Clients list both ({@link #hostList}), primary first.
     */
    public record Pair(ExternalArtemis primary, ExternalArtemis backup) implements AutoCloseable {

        public Pair start() {
            primary.start();
            backup.start();
            return this;
        }

        /** {@code FAMICHAT_BROKER_HOST} for the pair: {@code 127.0.0.1:primary,127.0.0.1:backup}. */
        public String hostList() {
            return primary.host() + ":" + primary.port() + "," + backup.host() + ":" + backup.port();
        }

        @Override
        public void close() {
            try {
                backup.stop();
            } finally {
                primary.stop();
            }
        }
    }

    private static ExternalArtemis create(Path home, Path workDir, String instanceName, String brokerName, int port,
                                          String user, String password, List<String> extraArgs, String readyMarker) {
        Path instance = workDir.toAbsolutePath().resolve(instanceName);
        String suffix = instanceName.equals("broker") ? "" : "-" + instanceName;
        Path createLog = workDir.resolve("artemis-create" + suffix + ".log");
        try {
            Files.createDirectories(workDir);
            List<String> cmd = new ArrayList<>(List.of("sh", home.resolve("bin/artemis").toString(), "create",
                    "--silent", "--force",
                    "--host", "127.0.0.1", "--default-port", String.valueOf(port),
                    "--user", user, "--password", password, "--require-login",
                    // each extra acceptor would open its own well-known port (5672, 61613, 1883, 5445)
                    "--no-amqp-acceptor", "--no-stomp-acceptor", "--no-mqtt-acceptor", "--no-hornetq-acceptor",
                    "--no-web",                 // no Jetty/console/Jolokia on 8161
                    "--name", brokerName,       // default would be the machine's host name
                    "--java-memory", "512M"));  // default -Xmx2G is too much next to Payara on a small CI box
            cmd.addAll(extraArgs);
            cmd.add(instance.toString());
            int rc = run(cmd, createLog, CREATE_TIMEOUT_S);
            if (rc != 0) {
                throw new IllegalStateException("artemis create failed (exit " + rc + "), see " + createLog);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExternalArtemis(home, instance, workDir.toAbsolutePath().resolve("artemis" + suffix + ".log"),
                user, password, port, readyMarker);
    }

    /**
     * Makes this stopped backup, which was the last active broker of its pair, start as the pair's primary: the
     * operator's way back when both brokers are down and this one holds the newest journal (a primary that lost
     * its role holds an older one). It starts active ({@code check-for-active-server}: unless another broker of
     * the pair is active already).
     */
    public synchronized ExternalArtemis promoteToPrimary() {
        if (isRunning()) {
            throw new IllegalStateException("stop the broker first");
        }
        editBrokerXml("<backup/>", "<primary><check-for-active-server>true</check-for-active-server></primary>");
        readyMarker = LIVE_MARKER;
        return this;
    }

    private void editBrokerXml(String existing, String replacement) {
        Path brokerXml = instanceDir.resolve("etc/broker.xml");
        try {
            String xml = Files.readString(brokerXml);
            if (!xml.contains(existing)) {
                throw new IllegalStateException("no " + existing + " in " + brokerXml);
            }
            Files.writeString(brokerXml, xml.replace(existing, replacement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code bin/artemis run} of the instance as a child process and waits until it is live (a backup: until
     * it is synchronized with its primary; it listens only once it takes over).
     * May be called again after {@link #stop()}: same instance, same port, same journal (for restart tests).
     */
    public synchronized ExternalArtemis start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder("sh", instanceDir.resolve("bin/artemis").toString(), "run")
                    .directory(instanceDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            cleanEnvironment(pb.environment());
            long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0; // restart: ignore the earlier "live" line
            process = pb.start(); // the script ends in "exec java", so this is the broker JVM itself
            killOnExit = new Thread(process::destroyForcibly, "kill-artemis-" + port);
            Runtime.getRuntime().addShutdownHook(killOnExit); // a crashed test JVM must not leave a broker behind
            waitUntilLive(logOffset);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return this;
    }

    private void waitUntilLive(long logOffset) throws IOException {
        awaitLog(logOffset, readyMarker, !readyMarker.equals(SYNCHRONIZED_MARKER), START_TIMEOUT_S);
    }

    /**
     * Waits until this broker (a backup whose primary is gone) says it is active and its acceptor answers; returns
     * the milliseconds waited.
     */
    public long awaitActive(long timeoutSeconds) {
        long started = System.nanoTime();
        try {
            awaitLog(0, LIVE_MARKER, true, timeoutSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private void awaitLog(long logOffset, String marker, boolean listening, long timeoutSeconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Artemis exited with " + process.exitValue() + ", see " + logFile);
            }
            // both: the log line says the broker finished starting, the socket says the acceptor is bound
            if (logContains(logOffset, marker) && (!listening || canConnect())) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("Artemis: no " + marker + " after " + timeoutSeconds + " s, see " + logFile);
    }

    private boolean logContains(long offset, String marker) throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        return offset < all.length && new String(all, (int) offset, all.length - (int) offset).contains(marker);
    }

    /** SIGKILL, as a crash or the OOM killer would; the journal stays as it is. Waits for the exit. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(); // removes the shutdown hook
    }

    private boolean canConnect() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM (Artemis' shutdown hook stops the broker cleanly), then SIGKILL after a timeout; waits for exit. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // nothing to undo
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    public String host() { return "127.0.0.1"; }
    public int port() { return port; }
    public String user() { return user; }
    public String password() { return password; }
    /** Core protocol URL, e.g. for {@code ActiveMQConnectionFactory}. */
    public String url() { return "tcp://127.0.0.1:" + port; }
    public Path instanceDirectory() { return instanceDir; }
    /** Holds {@code journal/}, {@code bindings/}, {@code paging/}, {@code large-messages/}. */
    public Path dataDirectory() { return instanceDir.resolve("data"); }
    /** Broker stdout/stderr (the instance also writes {@code log/artemis.log}). */
    public Path logFile() { return logFile; }
    public boolean isRunning() { return process != null && process.isAlive(); }
    public long pid() { return process == null ? -1 : process.pid(); }
    public Path artemisHome() { return artemisHome; }

    // ---------------------------------------------------------------------------------------------------------

    private static Path resolveHome(Path dir) {
        Path d = dir.toAbsolutePath();
        if (Files.isRegularFile(d.resolve("bin/artemis"))) {
            return d;
        }
        try (var children = Files.list(d)) { // maven unpacks into outputDirectory/apache-artemis-2.40.0
            return children.filter(c -> Files.isRegularFile(c.resolve("bin/artemis"))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no Artemis distribution (bin/artemis) in " + d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scripts read these; an inherited value (e.g. JAVA_ARGS replaces the whole profile's JVM args) would leak in. */
    private static void cleanEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("ARTEMIS_") || k.equals("JAVA_ARGS") || k.equals("JAVA_ARGS_APPEND"));
        env.put("JAVA_HOME", System.getProperty("java.home")); // the scripts need a JDK; use the test JVM's
    }

    private static int run(List<String> cmd, Path log, long timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        cleanEnvironment(pb.environment());
        Process p = pb.start();
        p.getOutputStream().close(); // --silent: never waits for input, but make sure it cannot
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd.get(2) + " timed out, see " + log);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

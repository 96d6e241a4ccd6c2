/*
 * End-to-end load on the message pipeline (issue 5) of the packaged Famichat (a tool, not a test). JDK alone:
 *
 *   java bench/MessageLoad.java [options]
 *
 * Starts launcher/target/famichat/famichat-launcher.jar itself (fresh data directory, send and registration
 * limits raised, one server per conversation size) or uses a running server (--url). Only over HTTP and
 * WebSocket on 127.0.0.1: registers users, makes a family and its family conversation per conversation, connects
 * every member's socket, then sends (REST POST, or socket send frames) at a fixed rate or as fast as a bounded
 * number of sends in flight allows (a send is in flight until every recipient device has its message frame).
 * Recipients ack every message frame. Per conversation size it prints:
 *   - send -> all envelopes committed: the server's timer famichat_message_send_to_envelopes_committed
 *     (quantiles of Payara's exponentially decaying reservoir at the end of the window, so mostly its last
 *     minutes, plus the exact mean over the window from _sum/_count);
 *   - send -> received, client side, from just before the POST (or send frame) to each recipient's message frame,
 *     and to the last recipient's; percentiles over the sends started in the measured window;
 *   - recipient deliveries per second (message frames received on all sockets during the window);
 *   - the resident memory (VmRSS) of the Payara Micro process at start, after setup and during/after the load;
 *   - CPU used by the server, PostgreSQL and this client, and the server's libsignal timers;
 *   - the floor (issue 15): after the window, the in-memory libsignal fan-out of the same message to the same
 *     members (bench FanOutFloor in a JVM of its own, with the distribution's libsignal and native library), and
 *     the ratio "send -> received by all, client, p50 / floor p50".
 *
 * Options (defaults in brackets):
 *   --url URL[,URL...]     a running server; or several nodes of one cluster (same database, broker and vault
 *                          keys): members take turns over the nodes for their account, socket and sends, so every
 *                          message crosses nodes; figures then add up over the nodes (counts, sums, CPU, RSS),
 *                          while the server's quantiles are node 1's. Give --server-pid (one server) if its Payara
 *                          process is not found by its port
 *   --data-dir DIR         with one --url: the server's FAMICHAT_DATA_DIR, to find its embedded PostgreSQL (CPU)
 *   --postgres-pid PID     with --url: the postmaster of an external PostgreSQL (its CPU and its backends')
 *   --launcher PATH        [launcher/target/famichat/famichat-launcher.jar]
 *   --sizes LIST           members per conversation [2,6,30]
 *   --conversations K      conversations (families) per size [1]
 *   --rate R               sends per second in total, 0 = as fast as --concurrency allows [0]
 *   --concurrency C        sends in flight at most [8]
 *   --warmup S             seconds of load before the measured window [30]; longer on a fresh server (JIT)
 *   --duration S           seconds of the measured window per size [60] (issue 5 asks for 600 once, for memory)
 *   --body-chars N         characters per message body [100]
 *   --send-via rest|socket [rest]
 *   --sample S             seconds between RSS/throughput samples printed during the window [30]
 *   --ack-batch-ms N       0: one ack frame per message frame (the one-id frame) [0]; N > 0: a socket's acks wait
 *                          up to N ms for more and go in one frame ("messageIds", at most 100), as the web client
 *                          does with 50 ms
 *   --shared-server        with the launcher: one server for all sizes (default: a fresh one per size, so
 *                          the server's reservoirs and memory figures belong to one size)
 *   --keep-data            keep the launched servers' data directories
 *   --floor on|off         measure the floor after each size's window [on]; it needs the bench module's classes
 *                          and the distribution next to --launcher (its native/ and server-lib/); without them the
 *                          tool says what is missing and goes on
 *   --bench-classes DIR    [bench/target/classes] (mvn -B -o -q -DskipTests package -pl bench -am)
 */
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class MessageLoad {

    static final String PASSWORD = "correct horse battery staple";
    static final String COMMITTED = "famichat_message_send_to_envelopes_committed";
    static final List<String> SERVER_TIMERS = List.of(COMMITTED, "famichat_signal_encrypt", "famichat_signal_decrypt",
            "famichat_signal_session_establish");
    /** A send not received by every recipient within this time is counted lost and frees its slot. */
    static final long LOST_AFTER_NANOS = TimeUnit.SECONDS.toNanos(60);

    static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z]+)\"");
    static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([0-9a-f-]{36})\"");
    static final Pattern BODY_TAG = Pattern.compile("\"body\":\"(lt-\\d+-\\d+)");
    static final Pattern CLIENT_ID = Pattern.compile("\"clientMessageId\":\"(lt-\\d+-\\d+)\"");

    // ---------------------------------------------------------------- options

    static final class Options {
        List<String> urls = List.of();
        long serverPid = -1;
        long postgresPid = -1;
        Path dataDir;
        Path launcher = Path.of("launcher/target/famichat/famichat-launcher.jar");
        List<Integer> sizes = List.of(2, 6, 30);
        int conversations = 1;
        double rate = 0;
        int concurrency = 8;
        int warmup = 30;
        int duration = 60;
        int bodyChars = 100;
        boolean viaSocket;
        int sample = 30;
        int ackBatchMs;
        boolean sharedServer;
        boolean keepData;
        boolean floor = true;
        Path benchClasses = Path.of("bench/target/classes");

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--url" -> o.urls = Arrays.stream(args[++i].split(",")).map(String::trim)
                            .map(u -> u.replaceAll("/+$", "")).toList();
                    case "--postgres-pid" -> o.postgresPid = Long.parseLong(args[++i]);
                    case "--server-pid" -> o.serverPid = Long.parseLong(args[++i]);
                    case "--data-dir" -> o.dataDir = Path.of(args[++i]);
                    case "--launcher" -> o.launcher = Path.of(args[++i]);
                    case "--sizes" -> o.sizes = Arrays.stream(args[++i].split(",")).map(String::trim)
                            .map(Integer::parseInt).toList();
                    case "--conversations" -> o.conversations = Integer.parseInt(args[++i]);
                    case "--rate" -> o.rate = Double.parseDouble(args[++i]);
                    case "--concurrency" -> o.concurrency = Integer.parseInt(args[++i]);
                    case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                    case "--duration" -> o.duration = Integer.parseInt(args[++i]);
                    case "--body-chars" -> o.bodyChars = Integer.parseInt(args[++i]);
                    case "--send-via" -> o.viaSocket = switch (args[++i]) {
                        case "rest" -> false;
                        case "socket" -> true;
                        default -> throw new IllegalArgumentException("--send-via rest|socket");
                    };
                    case "--sample" -> o.sample = Integer.parseInt(args[++i]);
                    case "--ack-batch-ms" -> o.ackBatchMs = Integer.parseInt(args[++i]);
                    case "--shared-server" -> o.sharedServer = true;
                    case "--keep-data" -> o.keepData = true;
                    case "--floor" -> o.floor = switch (args[++i]) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--floor on|off");
                    };
                    case "--bench-classes" -> o.benchClasses = Path.of(args[++i]);
                    case "-h", "--help" -> {
                        System.out.println("see the comment at the top of bench/MessageLoad.java");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.sizes.stream().anyMatch(s -> s < 2)) {
                throw new IllegalArgumentException("a conversation needs at least 2 members");
            }
            return o;
        }

        String describe() {
            return "sizes=" + sizes + " conversations/size=" + conversations + " rate="
                    + (rate > 0 ? rate + "/s" : "closed loop") + " concurrency=" + concurrency + " warmup=" + warmup
                    + "s duration=" + duration + "s body=" + bodyChars + " chars via " + (viaSocket ? "socket" : "REST")
                    + (ackBatchMs > 0 ? " acks batched " + ackBatchMs + " ms" : "") + (floor ? "" : " floor off");
        }
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.println("# MessageLoad " + options.describe());
        System.out.println("# machine: " + machine());
        List<String> summaries = new ArrayList<>();
        if (!options.urls.isEmpty()) {
            List<Server> nodes = new ArrayList<>();
            for (String url : options.urls) {
                long pid = options.serverPid > 0 && options.urls.size() == 1 ? options.serverPid
                        : findPayaraByPort(portOf(url)).orElse(-1L);
                Server server = new Server(url, pid, null, options.dataDir);
                server.postgresPid = nodes.isEmpty() ? options.postgresPid : -1; // counted once, with node 1
                System.out.println("# server " + url + " pid " + (pid > 0 ? pid : "unknown (no RSS figures)"));
                server.rssAtStart = server.rss();
                nodes.add(server);
            }
            for (int size : options.sizes) {
                summaries.add(new Run(options, nodes, size).execute());
            }
        } else if (options.sharedServer) {
            try (Server server = Server.launch(options)) {
                for (int size : options.sizes) {
                    summaries.add(new Run(options, List.of(server), size).execute());
                }
            }
        } else {
            for (int size : options.sizes) {
                try (Server server = Server.launch(options)) {
                    summaries.add(new Run(options, List.of(server), size).execute());
                }
            }
        }
        System.out.println();
        System.out.println("# summary (" + options.describe() + ")");
        System.out.println("# machine at the end: " + machine());
        System.out.println(Run.SUMMARY_HEADER);
        summaries.forEach(System.out::println);
    }

    static String machine() {
        String load = read(Path.of("/proc/loadavg")).map(s -> String.join(" ", Arrays.copyOf(s.trim().split(" "), 3)))
                .orElse("?");
        return "nproc=" + Runtime.getRuntime().availableProcessors() + " loadavg=" + load + " java="
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " os="
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    // ---------------------------------------------------------------- the server

    /** The server under load: its URL, its Payara Micro process (for RSS and CPU) and, if launched, the launcher. */
    static final class Server implements AutoCloseable {
        final String baseUrl;
        final long payaraPid;
        final Process launcher;
        final Path dataDir;
        long rssAtStart = -1;
        long postgresPid = -1;
        boolean keepData;

        Server(String baseUrl, long payaraPid, Process launcher, Path dataDir) {
            this.baseUrl = baseUrl;
            this.payaraPid = payaraPid;
            this.launcher = launcher;
            this.dataDir = dataDir;
        }

        static Server launch(Options options) throws Exception {
            if (!Files.exists(options.launcher)) {
                throw new IllegalStateException(options.launcher + " is missing: build with mvn -B -o -q -DskipTests package");
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path dataDir = Files.createTempDirectory("famichat-load-");
            Path output = Files.createTempFile("famichat-load-", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-jar", options.launcher.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            env.put("FAMICHAT_HTTP_HOST", "127.0.0.1");
            env.put("FAMICHAT_HTTP_PORT", Integer.toString(port));
            env.put("FAMICHAT_DATA_DIR", dataDir.toString());
            // The tool's own limits: raised far above the load, so that no send or registration is refused.
            env.put("FAMICHAT_RATE_LIMIT_SEND_DEVICE_BURST", "1000000/PT10S");
            env.put("FAMICHAT_RATE_LIMIT_SEND_DEVICE", "1000000/PT1M");
            env.put("FAMICHAT_RATE_LIMIT_SEND_USER", "1000000/PT1M");
            env.put("FAMICHAT_RATE_LIMIT_REGISTER_ADDRESS", "100000/PT1H");
            env.put("FAMICHAT_RATE_LIMIT_SIGN_IN_ADDRESS", "100000/PT1M");
            env.put("FAMICHAT_RATE_LIMIT_SIGN_IN_ACCOUNT", "100000/PT1M");
            long started = System.nanoTime();
            Process process = builder.start();
            String baseUrl = "http://127.0.0.1:" + port;
            Server server = null;
            try {
                awaitReady(baseUrl, process, output);
                long pid = process.descendants().filter(p -> cmdline(p.pid()).contains("payara-micro"))
                        .map(ProcessHandle::pid).findFirst().orElse(-1L);
                server = new Server(baseUrl, pid, process, dataDir);
                server.keepData = options.keepData;
                server.rssAtStart = server.rss();
                System.out.printf(Locale.ROOT, "# launched %s (payara pid %d) in %.1f s; data %s; log %s%n", baseUrl,
                        pid, (System.nanoTime() - started) / 1e9, dataDir, output);
                return server;
            } finally {
                if (server == null) {
                    stop(process);
                }
            }
        }

        private static void awaitReady(String baseUrl, Process process, Path output) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the launcher exited; see " + output);
                }
                try {
                    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200 && ready.body().contains("\"name\":\"database\"")) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("the server did not become ready in 5 minutes; see " + output);
        }

        /** VmRSS of the Payara Micro process in KiB, or -1. */
        long rss() {
            if (payaraPid <= 0) {
                return -1;
            }
            return read(Path.of("/proc/" + payaraPid + "/status")).flatMap(status -> status.lines()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst())
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L);
        }

        /** CPU seconds used so far by Payara, and by PostgreSQL (--postgres-pid, or the data directory's, if launched). */
        double[] cpuSeconds() {
            double payara = payaraPid > 0 ? cpuOf(payaraPid, false) : Double.NaN;
            double postgres = Double.NaN;
            Optional<ProcessHandle> postmaster = postgresPid > 0 ? ProcessHandle.of(postgresPid) : Optional.empty();
            if (postgresPid <= 0 && dataDir != null) {
                String marker = dataDir.resolve("postgres").toString();
                // The postmaster (its command line names the data directory; its backends' do not).
                postmaster = ProcessHandle.allProcesses()
                        .filter(p -> cmdline(p.pid()).contains(marker))
                        .filter(p -> p.parent().map(parent -> !cmdline(parent.pid()).contains(marker)).orElse(true))
                        .findFirst();
            }
            if (postmaster.isPresent()) {
                postgres = cpuOf(postmaster.get().pid(), true);
                for (ProcessHandle child : postmaster.get().descendants().toList()) {
                    postgres += cpuOf(child.pid(), false);
                }
            }
            return new double[] {payara, postgres};
        }

        @Override
        public void close() throws Exception {
            if (launcher == null) {
                return;
            }
            stop(launcher);
            if (!keepData) {
                deleteRecursively(dataDir);
            }
        }

        /** SIGTERM to the launcher stops Payara and PostgreSQL (its shutdown hook); by pid only, as a last resort. */
        static void stop(Process launcher) throws InterruptedException {
            List<ProcessHandle> children = launcher.descendants().toList();
            launcher.destroy();
            if (!launcher.waitFor(120, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroy();
                    child.onExit().completeOnTimeout(child, 30, TimeUnit.SECONDS).join();
                    if (child.isAlive()) {
                        child.destroyForcibly();
                    }
                }
            }
        }
    }

    static int portOf(String url) {
        URI uri = URI.create(url);
        return uri.getPort() > 0 ? uri.getPort() : 80;
    }

    /** The Payara Micro process started with --port PORT (the launcher and the tests start it that way). */
    static Optional<Long> findPayaraByPort(int port) {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
            String cmd = cmdline(pid);
            return cmd.contains("payara-micro") && cmd.contains(" --port " + port + " ");
        }).findFirst();
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** utime + stime (+ cutime + cstime: waited-for children, e.g. ended PostgreSQL backends) in seconds. */
    static double cpuOf(long pid, boolean withChildren) {
        Optional<String> stat = read(Path.of("/proc/" + pid + "/stat"));
        if (stat.isEmpty()) {
            return 0;
        }
        String[] f = stat.get().substring(stat.get().lastIndexOf(')') + 2).split(" ");
        // fields after "(comm) ": state=0 ... utime=11 stime=12 cutime=13 cstime=14 (clock ticks, 100 Hz on Linux)
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks / 100.0;
    }

    static Optional<String> read(Path path) {
        try {
            return Optional.of(Files.readString(path));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    // ---------------------------------------------------------------- the floor

    /**
     * The in-memory libsignal fan-out of one message to the same members (bench/src/main/java/.../FanOutFloor):
     * what the crypto alone costs, measured in the same run as the end-to-end figures, so that their ratio says how
     * much the platform adds. Run in a JVM of its own, as the server uses libsignal: the distribution's classes
     * (server-lib/) and its production native library (native/).
     */
    static final class Floor {
        static final Pattern LINE = Pattern.compile("\\[floor] .*p50_ms=([0-9.]+) p99_ms=([0-9.]+) mean_ms=([0-9.]+)");

        /** FanOutFloor's line, or why there is none. */
        final String line;
        /** NaN when not measured. */
        final double p50Ms;

        private Floor(String line, double p50Ms) {
            this.line = line;
            this.p50Ms = p50Ms;
        }

        static Floor measure(Options options, int size) throws Exception {
            if (!options.floor) {
                return new Floor("off (--floor off)", Double.NaN);
            }
            Path distribution = options.launcher.toAbsolutePath().getParent();
            for (Path needed : List.of(options.benchClasses.resolve("app/famichat/bench/FanOutFloor.class"),
                    distribution.resolve("native"), distribution.resolve("server-lib"))) {
                if (!Files.exists(needed)) {
                    return new Floor("not measured: " + needed + " is missing (mvn -B -o -q -DskipTests package)",
                            Double.NaN);
                }
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-Djava.library.path=" + distribution.resolve("native"), "-cp",
                    options.benchClasses.toAbsolutePath() + ":" + distribution.resolve("server-lib") + "/*",
                    "app.famichat.bench.FanOutFloor", "--members", Integer.toString(size), "--body-chars",
                    Integer.toString(options.bodyChars)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            Matcher m = LINE.matcher(output);
            if (process.exitValue() != 0 || !m.find()) {
                return new Floor("not measured: FanOutFloor exited " + process.exitValue() + ": "
                        + output.strip().lines().findFirst().orElse(""), Double.NaN);
            }
            return new Floor(m.group(), Double.parseDouble(m.group(1)));
        }
    }

    // ---------------------------------------------------------------- HTTP

    static final class Api {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final String base;

        Api(String base) {
            this.base = base;
        }

        HttpRequest.Builder request(String path, String token) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
            return token == null ? builder : builder.header("Authorization", "Bearer " + token);
        }

        String post(String path, String token, String json, int expected) throws Exception {
            HttpResponse<String> response = http.send(request(path, token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        String get(String path) throws Exception {
            return http.send(request(path, null).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---------------------------------------------------------------- metrics

    /** A /metrics scrape: every sample by its full name with labels, e.g. {@code x_seconds{...,quantile="0.5"}}. */
    static final class Scrape {
        final Map<String, Double> samples = new HashMap<>();

        /**
         * Every node's /metrics: counters, sums and counts ({@code _total}, {@code _sum}, {@code _count}) added up
         * over the nodes; other samples (quantiles, max, gauges) are node 1's.
         */
        static Scrape of(List<Api> nodes) {
            Scrape scrape = new Scrape();
            for (Api api : nodes) {
                try {
                    for (String line : api.get("/metrics").split("\n")) {
                        if (line.isEmpty() || line.startsWith("#")) {
                            continue;
                        }
                        int space = line.lastIndexOf(' ');
                        try {
                            String key = line.substring(0, space);
                            double value = Double.parseDouble(line.substring(space + 1));
                            String name = key.indexOf('{') < 0 ? key : key.substring(0, key.indexOf('{'));
                            boolean additive = name.endsWith("_total") || name.endsWith("_sum") || name.endsWith("_count");
                            scrape.samples.merge(key, value, (first, next) -> additive ? first + next : first);
                        } catch (NumberFormatException e) {
                            // not a plain sample
                        }
                    }
                } catch (Exception e) {
                    System.out.println("# /metrics of " + api.base + " unreadable: " + e);
                }
            }
            return scrape;
        }

        /** The first sample whose name starts with {@code prefix}, ends (before labels) with {@code suffix}, and has {@code label}. */
        double find(String prefix, String suffix, String label) {
            for (Map.Entry<String, Double> e : samples.entrySet()) {
                String key = e.getKey();
                int brace = key.indexOf('{');
                String name = brace < 0 ? key : key.substring(0, brace);
                if (name.startsWith(prefix) && name.endsWith(suffix)
                        && (label == null || (brace >= 0 && key.substring(brace).contains(label)))) {
                    return e.getValue();
                }
            }
            return Double.NaN;
        }

        /**
         * A timer sample in ms. Payara 6.2025.10 writes the quantiles in nanoseconds under a _seconds name
         * (docs/benchmarks.md) while _max, _mean and _sum are in seconds: a quantile far above the max is in ns.
         */
        double timerMs(String timer, String part, String label) {
            double value = find(timer, part, label);
            if (!part.isEmpty()) {
                return value * 1e3;
            }
            double max = find(timer, "_max", null);
            double top = find(timer, "", "quantile=\"0.999\"");
            return top > 100 * max && top > 1_000 ? value / 1e6 : value * 1e3;
        }

        double quantileMs(String timer, String q) {
            return timerMs(timer, "", "quantile=\"" + q + "\"");
        }

        double count(String timer) {
            return find(timer, "_count", null);
        }
    }

    // ---------------------------------------------------------------- latencies

    /** A growable array of nanosecond samples. */
    static final class Samples {
        private long[] values = new long[1 << 14];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }

        static double pctMs(long[] sorted, double pct) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        static String summary(long[] sorted) {
            if (sorted.length == 0) {
                return "no samples";
            }
            return String.format(Locale.ROOT, "p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms  (n=%d)", pctMs(sorted, 50),
                    pctMs(sorted, 95), pctMs(sorted, 99), sorted[sorted.length - 1] / 1e6, sorted.length);
        }
    }

    // ---------------------------------------------------------------- members and sockets

    /** A signed-in member with one device and its socket. */
    static final ScheduledExecutorService ACK_TIMER = Executors.newSingleThreadScheduledExecutor(daemon("acks"));

    static final class Member {
        /** The node this member uses. */
        final Api api;
        final String token;
        final String userId;
        final int index;
        volatile WebSocket socket;
        private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);
        final CompletableFuture<Void> ready = new CompletableFuture<>();

        Member(String token, String userId, int index, Api api) {
            this.api = api;
            this.token = token;
            this.userId = userId;
            this.index = index;
        }

        private final List<String> acks = new ArrayList<>();

        /** java.net.http allows one outstanding send per socket: frames are chained. */
        synchronized void sendFrame(String text) {
            sendTail = sendTail.handle((r, e) -> null).thenCompose(ignored -> socket.sendText(text, true));
        }

        /** Acks {@code messageId}: at once in a frame of its own, or with the others of the next batchMs. */
        synchronized void acknowledge(String messageId, int batchMs) {
            if (batchMs <= 0) {
                sendFrame("{\"type\":\"ack\",\"messageId\":\"" + messageId + "\"}");
                return;
            }
            acks.add(messageId);
            if (acks.size() >= 100) {
                flushAcks();
            } else if (acks.size() == 1) {
                ACK_TIMER.schedule(this::flushAcks, batchMs, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void flushAcks() {
            if (!acks.isEmpty()) {
                sendFrame("{\"type\":\"ack\",\"messageIds\":[\"" + String.join("\",\"", acks) + "\"]}");
                acks.clear();
            }
        }
    }

    static final class Conversation {
        final String id;
        final List<Member> members;

        Conversation(String id, List<Member> members) {
            this.id = id;
            this.members = members;
        }
    }

    /** One send: who must receive it, who has, and when it started. */
    static final class Flight {
        final long started;
        final Conversation conversation;
        final Member sender;
        final boolean measured;
        final BitSet received = new BitSet();
        int count;
        boolean done;

        Flight(long started, Conversation conversation, Member sender, boolean measured) {
            this.started = started;
            this.conversation = conversation;
            this.sender = sender;
            this.measured = measured;
        }
    }

    // ---------------------------------------------------------------- one run: one conversation size

    static final class Run {
        static final String SUMMARY_HEADER = String.format(Locale.ROOT, "%-7s %-9s %-9s %-27s %-27s %-27s %-10s %-24s %-9s %-10s %s",
                "members", "sends/s", "deliv/s", "committed p50/p95/p99 (srv)", "received p50/p95/p99",
                "all received p50/p95/p99", "lost/err", "RSS start/setup/end MB", "load avg", "floor p50",
                "all/floor");

        final Options options;
        final List<Server> servers;
        final int size;
        /** One per node (--url); members take turns over them. */
        final List<Api> apis;
        final List<Conversation> conversations = new ArrayList<>();
        final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
        final Samples toReceived = new Samples();
        final Samples toAllReceived = new Samples();
        final Samples accepted = new Samples();
        final AtomicLong deliveries = new AtomicLong();
        final AtomicLong windowDeliveries = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong unknown = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong sendsStarted = new AtomicLong();
        final AtomicLong windowSends = new AtomicLong();
        final AtomicLong behind = new AtomicLong();
        final AtomicInteger sequence = new AtomicInteger();
        int registered;
        final String runTag = Long.toString(System.currentTimeMillis() % 100_000_000L);
        volatile long windowStart = Long.MAX_VALUE;
        volatile long windowEnd = Long.MAX_VALUE;
        volatile String firstError;
        Semaphore slots;
        String padding;

        Run(Options options, List<Server> servers, int size) {
            this.options = options;
            this.servers = servers;
            this.size = size;
            this.apis = servers.stream().map(server -> new Api(server.baseUrl)).toList();
        }

        /** VmRSS of every node's Payara process added up, in KiB, or -1 if one is unknown. */
        long rss() {
            long total = 0;
            for (Server server : servers) {
                long rss = server.rss();
                if (rss < 0) {
                    return -1;
                }
                total += rss;
            }
            return total;
        }

        long rssAtStart() {
            return servers.stream().mapToLong(server -> server.rssAtStart).reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
        }

        /** {@link Server#cpuSeconds()} added up over the nodes (PostgreSQL is counted with node 1 only). */
        double[] cpuSeconds() {
            double[] total = servers.get(0).cpuSeconds();
            for (Server server : servers.subList(1, servers.size())) {
                total[0] += server.cpuSeconds()[0];
            }
            return total;
        }

        String execute() throws Exception {
            System.out.println();
            System.out.printf(Locale.ROOT, "## %d members x %d conversation(s); %s%n", size, options.conversations,
                    machine());
            long setupStart = System.nanoTime();
            setUp();
            long rssSetup = rss();
            System.out.printf(Locale.ROOT, "setup: %d users, %d sockets in %.1f s; RSS at start %s, after setup %s%n",
                    size * options.conversations, size * options.conversations, (System.nanoTime() - setupStart) / 1e9,
                    mb(rssAtStart()), mb(rssSetup));

            padding = " " + "x".repeat(Math.max(0, options.bodyChars - 24));
            slots = new Semaphore(options.concurrency);
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(daemon("sweeper"));
            sweeper.scheduleWithFixedDelay(this::sweepLost, 1, 1, TimeUnit.SECONDS);

            // Every member sends once first, one send at a time (sessions are established outside the window, and
            // each pair's first contact goes one way before the other, as in a family that starts talking), then
            // the warm-up.
            for (Conversation c : conversations) {
                for (Member m : c.members) {
                    slots.acquire();
                    send(c, m, false);
                    awaitDrained(TimeUnit.SECONDS.toNanos(60));
                }
            }

            long start = System.nanoTime();
            windowStart = start + TimeUnit.SECONDS.toNanos(options.warmup);
            windowEnd = windowStart + TimeUnit.SECONDS.toNanos(options.duration);
            Thread dispatcher = new Thread(() -> dispatch(start), "dispatcher");
            dispatcher.setDaemon(true);
            dispatcher.start();

            sleepUntil(windowStart);
            Scrape before = Scrape.of(apis);
            double[] cpuBefore = cpuSeconds();
            double clientCpuBefore = clientCpu();
            long sample = windowStart;
            long deliveriesAtSample = windowDeliveries.get();
            List<String> timeline = new ArrayList<>();
            while (true) {
                long next = Math.min(windowEnd, sample + TimeUnit.SECONDS.toNanos(options.sample));
                sleepUntil(next);
                long now = windowDeliveries.get();
                String line = String.format(Locale.ROOT, "  t=%4.0fs  RSS %s  %6.0f deliveries/s  in flight %d  lost %d  err %d",
                        (next - windowStart) / 1e9, mb(rss()), (now - deliveriesAtSample) * 1e9 / (next - sample),
                        options.concurrency - slots.availablePermits(), lost.get(), errors.get());
                System.out.println(line);
                timeline.add(line);
                sample = next;
                deliveriesAtSample = now;
                if (next >= windowEnd) {
                    break;
                }
            }
            Scrape after = Scrape.of(apis);
            double[] cpuAfter = cpuSeconds();
            double clientCpuAfter = clientCpu();
            long rssEnd = rss();
            dispatcher.join();
            boolean drained = awaitDrained(LOST_AFTER_NANOS + TimeUnit.SECONDS.toNanos(5));
            sweeper.shutdownNow();
            closeSockets();
            String loadAfter = read(Path.of("/proc/loadavg")).map(s -> s.split(" ")[0]).orElse("?");
            // After the window and the drain, with the server idle: the floor does not compete with the load.
            Floor floor = Floor.measure(options, size);

            double seconds = options.duration;
            long[] received = toReceived.sorted();
            long[] allReceived = toAllReceived.sorted();
            long[] posts = accepted.sorted();
            double sendsPerSecond = windowSends.get() / seconds;
            double deliveriesPerSecond = windowDeliveries.get() / seconds;

            System.out.printf(Locale.ROOT, "window %d s: %d sends started (%.1f/s), %d recipient deliveries (%.1f/s)%s%n",
                    options.duration, windowSends.get(), sendsPerSecond, windowDeliveries.get(), deliveriesPerSecond,
                    behind.get() > 0 ? "; the rate was not reached " + behind.get() + " times (all slots in flight)" : "");
            System.out.println("send accepted (" + (options.viaSocket ? "sent frame" : "POST 202") + "), client: "
                    + Samples.summary(posts));
            System.out.println("send -> received by a recipient, client: " + Samples.summary(received));
            System.out.println("send -> received by all recipients, client: " + Samples.summary(allReceived));
            double committedCount = after.count(COMMITTED) - before.count(COMMITTED);
            double committedMean = (after.timerMs(COMMITTED, "_sum", null) - before.timerMs(COMMITTED, "_sum", null))
                    / committedCount;
            System.out.printf(Locale.ROOT, "send -> all envelopes committed, server: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms"
                            + " (reservoir at the end); window mean %.1f ms over %.0f sends%n",
                    after.quantileMs(COMMITTED, "0.5"), after.quantileMs(COMMITTED, "0.95"),
                    after.quantileMs(COMMITTED, "0.99"), after.timerMs(COMMITTED, "_max", null), committedMean,
                    committedCount);
            for (String timer : SERVER_TIMERS.subList(1, SERVER_TIMERS.size())) {
                double n = after.count(timer) - before.count(timer);
                double mean = (after.timerMs(timer, "_sum", null) - before.timerMs(timer, "_sum", null)) / n;
                System.out.printf(Locale.ROOT, "  %-36s window: %6.0f calls, mean %.3f ms; reservoir p50 %.3f p99 %.3f ms%n",
                        timer, n, mean, after.quantileMs(timer, "0.5"), after.quantileMs(timer, "0.99"));
            }
            double payaraCpu = cpuAfter[0] - cpuBefore[0];
            double postgresCpu = cpuAfter[1] - cpuBefore[1];
            double clientCpu = clientCpuAfter - clientCpuBefore;
            long windowed = Math.max(1, windowDeliveries.get());
            System.out.printf(Locale.ROOT, "CPU over the window (cores): payara %.2f  postgres %.2f  this client %.2f;"
                            + " per recipient delivery: payara %.2f ms, postgres %.2f ms, client %.2f ms%n",
                    payaraCpu / seconds, postgresCpu / seconds, clientCpu / seconds, payaraCpu * 1e3 / windowed,
                    postgresCpu * 1e3 / windowed, clientCpu * 1e3 / windowed);
            System.out.printf("RSS (Payara process, added up over the nodes): start %s, after setup %s, end of load %s, after drain %s%n",
                    mb(rssAtStart()), mb(rssSetup), mb(rssEnd), mb(rss()));
            System.out.printf("lost (not received by all in %d s) %d, send errors %d%s, duplicate frames %d, unknown frames %d%s%n",
                    TimeUnit.NANOSECONDS.toSeconds(LOST_AFTER_NANOS), lost.get(), errors.get(),
                    firstError == null ? "" : " (first: " + firstError + ")", duplicates.get(), unknown.get(),
                    drained ? "" : "; NOT drained");
            double ratio = Samples.pctMs(allReceived, 50) / floor.p50Ms;
            System.out.println("floor, in-memory libsignal fan-out of one message (encrypt + decrypt per recipient): "
                    + floor.line);
            System.out.printf(Locale.ROOT, "send -> received by all, client, p50 / floor p50: %.1f%n", ratio);

            return String.format(Locale.ROOT, "%-7d %-9.1f %-9.0f %-27s %-27s %-27s %-10s %-24s %-9s %-9.3f %.1f", size, sendsPerSecond,
                    deliveriesPerSecond,
                    String.format(Locale.ROOT, "%.1f/%.1f/%.1f", after.quantileMs(COMMITTED, "0.5"),
                            after.quantileMs(COMMITTED, "0.95"), after.quantileMs(COMMITTED, "0.99")),
                    triple(received), triple(allReceived), lost.get() + "/" + errors.get(),
                    mb(rssAtStart()) + "/" + mb(rssSetup) + "/" + mb(rssEnd), loadAfter, floor.p50Ms, ratio);
        }

        static String triple(long[] sorted) {
            return String.format(Locale.ROOT, "%.1f/%.1f/%.1f", Samples.pctMs(sorted, 50), Samples.pctMs(sorted, 95),
                    Samples.pctMs(sorted, 99));
        }

        // ------------------------------------------------ setup

        void setUp() throws Exception {
            for (int c = 0; c < options.conversations; c++) {
                List<Member> members = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    members.add(register("l" + runTag + "c" + c + "m" + i, members.size()));
                }
                Member admin = members.get(0);
                String familyId = field(admin.api.post("/api/v1/families", admin.token,
                        "{\"name\":\"Load " + c + "\"}", 201), "id");
                for (Member joiner : members.subList(1, members.size())) {
                    String code = field(admin.api.post("/api/v1/families/" + familyId + "/invites", admin.token, "", 201),
                            "code");
                    joiner.api.post("/api/v1/invites/" + code + "/accept", joiner.token, "", 200);
                }
                String conversationId = field(admin.api.post("/api/v1/conversations", admin.token,
                        "{\"type\":\"family\",\"familyId\":\"" + familyId + "\"}", 201), "id");
                Conversation conversation = new Conversation(conversationId, members);
                conversations.add(conversation);
                for (Member m : members) {
                    connect(m, conversation);
                }
            }
        }

        Member register(String username, int index) throws Exception {
            // Members take turns over the nodes (with one node, all on it); everything a member does goes to its node.
            Api api = apis.get(registered++ % apis.size());
            api.post("/api/v1/accounts", null, "{\"username\":" + quote(username) + ",\"password\":" + quote(PASSWORD)
                    + ",\"displayName\":\"Load\"}", 201);
            String signIn = api.post("/api/v1/sessions", null, "{\"username\":" + quote(username) + ",\"password\":"
                    + quote(PASSWORD) + ",\"deviceName\":\"load\"}", 200);
            String userId = signIn.replaceAll("(?s).*\"user\":\\{\"id\":\"([^\"]+)\".*", "$1");
            return new Member(field(signIn, "token"), userId, index, api);
        }

        void connect(Member member, Conversation conversation) throws Exception {
            member.socket = member.api.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(member.api.base.replaceFirst("^http", "ws") + "/api/v1/socket"),
                            new Listener(member, conversation))
                    .get(10, TimeUnit.SECONDS);
            member.sendFrame("{\"type\":\"auth\",\"token\":" + quote(member.token) + "}");
            member.ready.get(10, TimeUnit.SECONDS);
        }

        void closeSockets() {
            for (Conversation c : conversations) {
                for (Member m : c.members) {
                    try {
                        m.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        m.socket.abort();
                    }
                }
            }
        }

        // ------------------------------------------------ load

        /** Round robin over conversations, then over members; paced by --rate, bounded by --concurrency. */
        void dispatch(long start) {
            long k = 0;
            double intervalNanos = options.rate > 0 ? 1e9 / options.rate : 0;
            try {
                while (true) {
                    long due = start + (long) (k * intervalNanos);
                    if (due >= windowEnd) {
                        return;
                    }
                    if (intervalNanos > 0) {
                        sleepUntil(due);
                    }
                    if (!slots.tryAcquire()) {
                        if (intervalNanos > 0 && System.nanoTime() >= windowStart) {
                            behind.incrementAndGet();
                        }
                        slots.acquire();
                    }
                    if (System.nanoTime() >= windowEnd) {
                        slots.release();
                        return;
                    }
                    Conversation c = conversations.get((int) (k % conversations.size()));
                    Member sender = c.members.get((int) ((k / conversations.size()) % c.members.size()));
                    send(c, sender, true);
                    k++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Starts one send (the caller holds a slot; the last recipient's frame, an error or the sweeper frees it). */
        void send(Conversation c, Member sender, boolean load) {
            String clientId = "lt-" + runTag + "-" + sequence.incrementAndGet();
            String body = clientId + padding;
            long started = System.nanoTime();
            boolean measured = load && started >= windowStart && started < windowEnd;
            Flight flight = new Flight(started, c, sender, measured);
            flights.put(clientId, flight);
            sendsStarted.incrementAndGet();
            if (measured) {
                windowSends.incrementAndGet();
            }
            if (options.viaSocket) {
                sender.sendFrame("{\"type\":\"send\",\"conversationId\":\"" + c.id + "\",\"clientMessageId\":\""
                        + clientId + "\",\"body\":" + quote(body) + "}");
                return;
            }
            HttpRequest request = sender.api.request("/api/v1/conversations/" + c.id + "/messages", sender.token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"clientMessageId\":\"" + clientId + "\",\"body\":"
                            + quote(body) + "}")).build();
            sender.api.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                if (failure == null && response.statusCode() == 202) {
                    if (measured) {
                        accepted.add(System.nanoTime() - started);
                    }
                } else {
                    failed(clientId, failure != null ? failure.toString()
                            : response.statusCode() + " " + response.body());
                }
            });
        }

        void failed(String clientId, String why) {
            errors.incrementAndGet();
            if (firstError == null) {
                firstError = why.length() > 200 ? why.substring(0, 200) : why;
            }
            Flight flight = flights.remove(clientId);
            if (flight != null) {
                synchronized (flight) {
                    if (!flight.done) {
                        flight.done = true;
                        slots.release();
                    }
                }
            }
        }

        void sweepLost() {
            long now = System.nanoTime();
            for (Map.Entry<String, Flight> e : flights.entrySet()) {
                Flight flight = e.getValue();
                if (now - flight.started > LOST_AFTER_NANOS && flights.remove(e.getKey(), flight)) {
                    synchronized (flight) {
                        if (!flight.done) {
                            flight.done = true;
                            lost.incrementAndGet();
                            slots.release();
                        }
                    }
                }
            }
        }

        boolean awaitDrained(long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (slots.availablePermits() < options.concurrency) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        }

        /** A message frame reached {@code member}: record it, ack it. */
        void delivered(Member member, String frame, long now) {
            deliveries.incrementAndGet();
            if (now >= windowStart && now < windowEnd) {
                windowDeliveries.incrementAndGet();
            }
            Matcher id = MESSAGE_ID.matcher(frame);
            if (id.find()) {
                member.acknowledge(id.group(1), options.ackBatchMs);
            }
            Matcher tag = BODY_TAG.matcher(frame);
            Flight flight = tag.find() ? flights.get(tag.group(1)) : null;
            if (flight == null) {
                unknown.incrementAndGet(); // e.g. a frame replayed after the send was counted lost
                return;
            }
            boolean complete;
            synchronized (flight) {
                if (flight.received.get(member.index)) {
                    duplicates.incrementAndGet();
                    return;
                }
                flight.received.set(member.index);
                flight.count++;
                complete = flight.count == flight.conversation.members.size() - 1 && !flight.done;
                if (complete) {
                    flight.done = true;
                }
            }
            if (flight.measured) {
                toReceived.add(now - flight.started);
            }
            if (complete) {
                flights.remove(tag.group(1), flight);
                if (flight.measured) {
                    toAllReceived.add(now - flight.started);
                }
                slots.release();
            }
        }

        void frame(Member member, String text) {
            long now = System.nanoTime();
            Matcher type = TYPE.matcher(text);
            String kind = type.find() ? type.group(1) : "?";
            switch (kind) {
                case "message" -> delivered(member, text, now);
                case "ready" -> member.ready.complete(null);
                case "sent" -> {
                    Matcher id = CLIENT_ID.matcher(text);
                    Flight flight = id.find() ? flights.get(id.group(1)) : null;
                    if (flight != null && flight.measured) {
                        accepted.add(now - flight.started);
                    }
                }
                case "error" -> {
                    Matcher id = CLIENT_ID.matcher(text);
                    if (id.find()) {
                        failed(id.group(1), text);
                    } else {
                        errors.incrementAndGet();
                        if (firstError == null) {
                            firstError = text;
                        }
                    }
                }
                default -> {
                }
            }
        }

        final class Listener implements WebSocket.Listener {
            final Member member;
            final StringBuilder partial = new StringBuilder();

            Listener(Member member, Conversation conversation) {
                this.member = member;
            }

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    frame(member, text);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                if (System.nanoTime() < windowEnd) {
                    System.out.println("# socket of member " + member.index + " closed: " + code + " " + reason);
                }
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                System.out.println("# socket of member " + member.index + " failed: " + error);
            }
        }
    }

    // ---------------------------------------------------------------- small things

    static double clientCpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    static String mb(long kib) {
        return kib < 0 ? "?" : Long.toString(Math.round(kib / 1024.0));
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

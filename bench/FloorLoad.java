import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load tool of the platform's floor (bench/floor, issue 15; a tool, not a test): drives the floor WAR that
 * bench/floor.sh starts, as MessageLoad.java drives Famichat, and prints the same kind of figures.
 *
 *   java bench/FloorLoad.java --url http://127.0.0.1:PORT --payara-pid P --postgres-pid P
 *       [--families 4] [--members 6] [--concurrency 8 | --rate SENDS_PER_S] [--warmup 30] [--duration 60]
 *       [--ack-batch-ms 50] [--signal]
 *
 * Every device of every family holds a socket; each send goes to the sender's family's other devices; each device
 * acknowledges what it got, gathered for --ack-batch-ms, in frames of up to 100 ids (as the web client does).
 * With --signal the floor is first set up in its signal mode (bench/floor's FloorSignal: each envelope a Signal
 * message, decrypted for the hosted recipient, both sessions sealed at rest; docs/benchmarks.md, "The design's
 * floor"). Saturated (--concurrency, the default): deliveries per second and CPU per delivery (Payara, PostgreSQL with its
 * backends, this tool) over the window after the warm-up. Paced (--rate): send -> received by all, p50 / p99.
 */
public class FloorLoad {

    public static void main(String[] args) throws Exception {
        String url = null;
        long payaraPid = -1;
        long postgresPid = -1;
        int families = 4;
        int members = 6;
        int concurrency = 8;
        double rate = 0;
        int warmup = 30;
        int duration = 60;
        int ackBatchMs = 50;
        boolean signal = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--payara-pid" -> payaraPid = Long.parseLong(args[++i]);
                case "--postgres-pid" -> postgresPid = Long.parseLong(args[++i]);
                case "--families" -> families = Integer.parseInt(args[++i]);
                case "--members" -> members = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--ack-batch-ms" -> ackBatchMs = Integer.parseInt(args[++i]);
                case "--signal" -> signal = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        if (signal) {
            HttpResponse<String> setUp = http.send(HttpRequest.newBuilder(URI.create(url + "/api/floor/setup?families="
                    + families + "&members=" + members)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (setUp.statusCode() != 204) {
                throw new IllegalStateException("the signal mode's set-up answered " + setUp.statusCode());
            }
        }
        Map<String, long[]> arrivals = new ConcurrentHashMap<>(); // message id -> {frames, last arrival ns}
        AtomicLong frames = new AtomicLong();
        List<Device> devices = new ArrayList<>();
        for (int family = 0; family < families; family++) {
            for (int member = 0; member < members; member++) {
                devices.add(new Device(http, url, family + "-" + member, arrivals, frames));
            }
        }
        ScheduledExecutorService acks = Executors.newSingleThreadScheduledExecutor();
        acks.scheduleWithFixedDelay(() -> devices.forEach(Device::acknowledge), ackBatchMs, ackBatchMs,
                TimeUnit.MILLISECONDS);

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup + duration);
        int threads = rate > 0 ? 1 : concurrency;
        long pauseNanos = rate > 0 ? (long) (1e9 / rate) : 0;
        final String base = url;
        final int familyCount = families;
        final int memberCount = members;
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            Thread sender = new Thread(() -> {
                long next = System.nanoTime();
                for (long n = thread; System.nanoTime() < end; n += threads) {
                    int family = (int) (n % familyCount);
                    int member = (int) ((n / familyCount) % memberCount);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/floor/send?family=" + family
                            + "&sender=" + member + "&members=" + memberCount))
                            .POST(HttpRequest.BodyPublishers.noBody()).build();
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 202) {
                            sentAt.put(answer.body(), started);
                        } else {
                            System.err.println("send answered " + answer.statusCode());
                        }
                    } catch (IOException e) {
                        System.err.println("send failed: " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (pauseNanos > 0) {
                        next += pauseNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        String loadBefore = loadAverage();
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        long frames0 = frames.get();
        double[] cpu0 = {cpuOf(payaraPid, false), postgresCpu(postgresPid), cpuOf(ProcessHandle.current().pid(), false)};
        long window0 = System.nanoTime();
        long windowFromMillis = System.currentTimeMillis();
        Thread.sleep(TimeUnit.SECONDS.toMillis(duration));
        long window1 = System.nanoTime();
        long windowToMillis = System.currentTimeMillis();
        double seconds = (window1 - window0) / 1e9;
        long delivered = frames.get() - frames0;
        double[] cpu1 = {cpuOf(payaraPid, false), postgresCpu(postgresPid), cpuOf(ProcessHandle.current().pid(), false)};
        for (Thread sender : senders) {
            sender.join();
        }
        Thread.sleep(3000); // the last sends' frames
        acks.shutdown();
        devices.forEach(Device::close);

        long sent = sentAt.values().stream().filter(started -> started >= window0 && started < window1).count();
        System.out.printf(Locale.ROOT, "# floor%s, %d families of %d, %s, %d s warm-up, %d s window, acks gathered "
                + "%d ms; %s; load average %s -> %s%n", signal ? " (signal mode)" : "", families, members,
                rate > 0 ? rate + " sends/s" : "concurrency " + concurrency, warmup, duration, ackBatchMs,
                machine(), loadBefore, loadAverage());
        System.out.printf(Locale.ROOT, "sends/s %.1f, deliveries/s %.1f%n", sent / seconds, delivered / seconds);
        String[] names = {"payara", "postgresql", "load tool"};
        for (int i = 0; i < 3; i++) {
            double used = cpu1[i] - cpu0[i];
            System.out.printf(Locale.ROOT, "cpu %s: %.2f cores, %.3f ms per delivery%n", names[i], used / seconds,
                    delivered == 0 ? Double.NaN : used * 1000 / delivered);
        }
        List<Double> latencies = new ArrayList<>();
        AtomicLong inWindow = new AtomicLong();
        sentAt.forEach((id, started) -> {
            if (started < window0 || started >= window1) {
                return;
            }
            inWindow.incrementAndGet();
            long[] arrived = arrivals.get(id);
            if (arrived != null && arrived[0] == memberCount - 1) {
                latencies.add((arrived[1] - started) / 1e6);
            }
        });
        latencies.sort(Double::compare);
        System.out.printf(Locale.ROOT, "send -> received by all, sends started in the window (%d of %d complete): "
                + "p50 %.1f ms, p99 %.1f ms%n", latencies.size(), inWindow.get(), percentile(latencies, 50),
                percentile(latencies, 99));
        long duplicated = arrivals.values().stream().filter(a -> a[0] > memberCount - 1).count();
        System.out.printf(Locale.ROOT, "messages received more often than recipients: %d%n", duplicated);
        HttpResponse<String> counts = http.send(HttpRequest.newBuilder(URI.create(url + "/api/floor/counts?from="
                + windowFromMillis + "&to=" + windowToMillis)).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.printf(Locale.ROOT, "in the database: %s; answered 202: %d, frames received: %d%n", counts.body(),
                sentAt.size(), frames.get());
        System.exit(0);
    }

    /** One device's socket: counts frames, remembers arrival times, acknowledges in batches. */
    static final class Device implements WebSocket.Listener {
        final Map<String, long[]> arrivals;
        final AtomicLong frames;
        final ConcurrentLinkedQueue<String> unacknowledged = new ConcurrentLinkedQueue<>();
        final WebSocket socket;
        final StringBuilder partial = new StringBuilder();

        Device(HttpClient http, String url, String name, Map<String, long[]> arrivals, AtomicLong frames) {
            this.arrivals = arrivals;
            this.frames = frames;
            this.socket = http.newWebSocketBuilder()
                    .buildAsync(URI.create(url.replaceFirst("^http", "ws") + "/floor/socket/" + name), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.startsWith("message ")) {
                    String id = text.substring("message ".length());
                    long now = System.nanoTime();
                    arrivals.compute(id, (key, a) -> a == null ? new long[] {1, now} : new long[] {a[0] + 1, now});
                    frames.incrementAndGet();
                    unacknowledged.add(id);
                }
            }
            webSocket.request(1);
            return null;
        }

        void acknowledge() {
            List<String> ids = new ArrayList<>();
            String id;
            while ((id = unacknowledged.poll()) != null) {
                ids.add(id);
                if (ids.size() == 100) {
                    socket.sendText("ack " + String.join(" ", ids), true).join();
                    ids.clear();
                }
            }
            if (!ids.isEmpty()) {
                socket.sendText("ack " + String.join(" ", ids), true).join();
            }
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** PostgreSQL's CPU: the postmaster with its ended children, and its running backends. */
    static double postgresCpu(long postmaster) {
        if (postmaster <= 0) {
            return Double.NaN;
        }
        double seconds = cpuOf(postmaster, true);
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.descendants().toList()).orElse(List.of())) {
            seconds += cpuOf(child.pid(), false);
        }
        return seconds;
    }

    /** utime + stime (+ cutime + cstime) of a process from /proc, in seconds (as MessageLoad.java reads it). */
    static double cpuOf(long pid, boolean withChildren) {
        Optional<String> stat = read(Path.of("/proc/" + pid + "/stat"));
        if (pid <= 0 || stat.isEmpty()) {
            return Double.NaN;
        }
        String[] f = stat.get().substring(stat.get().lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks / 100.0;
    }

    static String loadAverage() {
        return read(Path.of("/proc/loadavg")).map(s -> String.join(" ", Arrays.copyOf(s.trim().split(" "), 3)))
                .orElse("?");
    }

    static String machine() {
        String model = read(Path.of("/proc/cpuinfo")).flatMap(s -> s.lines().filter(l -> l.startsWith("model name"))
                .findFirst()).map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + ")";
    }

    static Optional<String> read(Path path) {
        try {
            return Optional.of(Files.readString(path));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

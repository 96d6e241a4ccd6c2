/*
 * End-to-end load on the walking skeleton of a running Famichat (a tool, not a test). Run with the JDK alone:
 *
 *   java bench/SkeletonLoad.java [baseUrl] [sends] [concurrency] [targetsPerSend]
 *
 * Each worker POSTs a send and polls it until every target's delivery row is committed. Prints client-side
 * send -> all delivered latency (p50/p95/p99), throughput, and the server's own publish -> persisted summary.
 */
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SkeletonLoad {

    private static final Pattern SEND_ID = Pattern.compile("\"sendId\":\"([0-9a-f-]{36})\"");
    private static final Pattern DELIVERY = Pattern.compile("\"target\":");

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int sends = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int targets = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        StringBuilder body = new StringBuilder("{\"label\":\"load\",\"targets\":[");
        for (int i = 0; i < targets; i++) {
            body.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        String json = body.append("]}").toString();

        run(http, base, json, targets, Math.min(200, sends), concurrency); // warm-up
        long start = System.nanoTime();
        List<Long> micros = run(http, base, json, targets, sends, concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;

        Collections.sort(micros);
        System.out.printf("sends=%d concurrency=%d targets/send=%d cores=%d%n", sends, concurrency, targets,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("send -> all delivered (client): p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms%n",
                pct(micros, 50), pct(micros, 95), pct(micros, 99), micros.get(micros.size() - 1) / 1000.0);
        System.out.printf("throughput: %.0f sends/s, %.0f deliveries/s%n", sends / seconds, sends * targets / seconds);
        String metrics = get(http, base + "/metrics");
        metrics.lines().filter(line -> line.startsWith("famichat_skeleton_publish_to_persisted_seconds{"))
                .forEach(line -> System.out.println("server " + line));
    }

    private static List<Long> run(HttpClient http, String base, String json, int targets, int sends, int concurrency)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            futures.add(pool.submit(() -> oneSend(http, base, json, targets)));
        }
        List<Long> micros = new ArrayList<>();
        for (Future<Long> future : futures) {
            micros.add(future.get());
        }
        pool.shutdown();
        return micros;
    }

    private static long oneSend(HttpClient http, String base, String json, int targets) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/skeleton/sends"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException(accepted.statusCode() + " " + accepted.body());
        }
        Matcher id = SEND_ID.matcher(accepted.body());
        id.find();
        while (true) {
            Matcher delivered = DELIVERY.matcher(get(http, base + "/api/v1/skeleton/sends/" + id.group(1)));
            int count = 0;
            while (delivered.find()) {
                count++;
            }
            if (count >= targets) {
                return (System.nanoTime() - start) / 1000;
            }
            Thread.sleep(1);
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double pct(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)) / 1000.0;
    }
}

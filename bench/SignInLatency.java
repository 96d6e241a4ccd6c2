/*
 * Sign-in latency of a running Famichat, Argon2id verification included (a tool, not a test):
 *
 *   java bench/SignInLatency.java [baseUrl] [signIns] [newUsers]
 *
 * Registers one user, then signs in sequentially on the same device and prints p50/p95/p99. Then registers
 * newUsers (default 50) more, each followed by its first sign-in, and prints both: a registration hashes the
 * password and creates the identity key pair and the storage key; a first sign-in creates the device with its
 * full Signal key set (signed prekey, Kyber last-resort, 100 + 100 one-time prekeys, all sealed). The server's
 * sign-in and registration rate limits must be raised for the run (FAMICHAT_RATE_LIMIT_SIGN_IN_ACCOUNT,
 * FAMICHAT_RATE_LIMIT_SIGN_IN_ADDRESS and FAMICHAT_RATE_LIMIT_REGISTER_ADDRESS=100000/PT1M in the launcher's
 * environment).
 */
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public class SignInLatency {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int signIns = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        HttpClient http = HttpClient.newHttpClient();
        String username = "bench" + Long.toString(System.nanoTime(), 36);
        String password = "correct horse battery";
        post(http, base + "/api/v1/accounts", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"displayName\":\"Bench\"}", 201);
        String first = post(http, base + "/api/v1/sessions", "{\"username\":\"" + username + "\",\"password\":\""
                + password + "\",\"deviceName\":\"bench\"}", 200);
        String deviceId = first.replaceAll(".*\"deviceId\":(\\d+).*", "$1");
        String credential = first.replaceAll(".*\"deviceCredential\":\"([^\"]+)\".*", "$1");
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"deviceId\":" + deviceId
                + ",\"deviceCredential\":\"" + credential + "\"}";
        for (int i = 0; i < 20; i++) {
            post(http, base + "/api/v1/sessions", body, 200); // warm-up
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < signIns; i++) {
            long start = System.nanoTime();
            post(http, base + "/api/v1/sessions", body, 200);
            micros.add((System.nanoTime() - start) / 1000);
        }
        print("sign-ins", micros);

        int newUsers = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        List<Long> registrations = new ArrayList<>();
        List<Long> firstSignIns = new ArrayList<>();
        for (int i = 0; i < newUsers; i++) {
            String name = "new" + Long.toString(System.nanoTime(), 36);
            long start = System.nanoTime();
            post(http, base + "/api/v1/accounts", "{\"username\":\"" + name + "\",\"password\":\"" + password
                    + "\",\"displayName\":\"New\"}", 201);
            long registered = System.nanoTime();
            post(http, base + "/api/v1/sessions", "{\"username\":\"" + name + "\",\"password\":\"" + password
                    + "\",\"deviceName\":\"bench\"}", 200);
            registrations.add((registered - start) / 1000);
            firstSignIns.add((System.nanoTime() - registered) / 1000);
        }
        print("registrations", registrations);
        print("first sign-ins (new device, full key set)", firstSignIns);
    }

    private static void print(String what, List<Long> micros) {
        Collections.sort(micros);
        System.out.printf("%s=%d cores=%d: p50 %.1f ms  p95 %.1f ms  p99 %.1f ms%n", what, micros.size(),
                Runtime.getRuntime().availableProcessors(), pct(micros, 50), pct(micros, 95), pct(micros, 99));
    }

    private static String post(HttpClient http, String url, String json, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static double pct(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)) / 1000.0;
    }
}

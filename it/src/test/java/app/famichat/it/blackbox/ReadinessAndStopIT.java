package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import app.famichat.it.support.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Readiness tells the truth at both ends of a node's life (docs/operations.md, "Health"). One launcher of its own
 * (it is stopped here), on the shared database: while it starts, {@code /health/ready} and the REST API are polled
 * every 20 ms, and readiness is never UP while the API does not answer (404, 500, 503 or no connection), and the
 * application's metrics are there at the first UP. Then, with an authenticated socket open, SIGTERM: readiness
 * goes DOWN before the socket is closed with 1001 (going away), and the launcher ends with everything stopped.
 */
class ReadinessAndStopIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private static final Pattern METRIC = Pattern.compile("^(famichat_[a-z_]+?)(?:_total|_count|_sum|_max|_mean|_bucket)?[{ ]",
            Pattern.MULTILINE);

    /** One poll: readiness, then the API, each sent at {@code millis}. */
    record Sample(long readyAt, int ready, String readyBody, long apiAt, int api) {

        /** Ready as the launcher and docs/operations.md define it: 200 with the application's serving check UP. */
        boolean servingUp() {
            return ready == 200 && readyBody.contains("\"name\":\"serving\",\"status\":\"UP\"");
        }

        /** Payara's answer before the WAR has deployed: 200 and no checks at all (docs/operations.md). */
        boolean upWithoutChecks() {
            return ready == 200 && readyBody.replaceAll("\\s", "").contains("\"checks\":[]");
        }
    }

    @Test
    void readyOnlyWhileTheApiAnswersAndDownBeforeSocketsCloseWith1001() throws Exception {
        TestDatabase database = TestEnvironment.get().database();
        Path dataDir = TestEnvironment.get().freshDirectory("readiness-and-stop");
        LaunchedFamichat famichat = LaunchedFamichat.launch(dataDir, Map.of(
                "FAMICHAT_DB_URL", database.url(),
                "FAMICHAT_DB_USER", database.user(),
                "FAMICHAT_DB_PASSWORD", database.password()));
        try {
            String base = famichat.baseUrl();
            List<Sample> starting = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean polling = new AtomicBoolean(true);
            Set<String> metricsAtFirstUp = new TreeSet<>();
            Thread poller = new Thread(() -> {
                while (polling.get()) {
                    Sample sample = sample(base);
                    starting.add(sample);
                    if (sample.servingUp() && metricsAtFirstUp.isEmpty()) {
                        metricsAtFirstUp.addAll(metricNames(base));
                        metricsAtFirstUp.add("(read)");
                    }
                    pause(20);
                }
            }, "readiness-poller");
            poller.start();
            famichat.awaitOutput("[famichat] ready in", 1, Duration.ofMinutes(5));
            Thread.sleep(2000); // a little more of readiness UP, and the metrics as they settle without traffic
            polling.set(false);
            poller.join();

            List<Sample> samples = List.copyOf(starting);
            long firstUp = samples.stream().filter(Sample::servingUp).mapToLong(Sample::readyAt).min().orElseThrow();
            long apiFirstAnswered = samples.stream().filter(sample -> sample.api() == 401).mapToLong(Sample::apiAt)
                    .min().orElseThrow();
            List<Sample> readyWhileNotServing = samples.stream().filter(Sample::servingUp)
                    .filter(sample -> sample.api() != 401).toList();
            assertEquals(List.of(), readyWhileNotServing, "readiness UP while the API did not answer");
            List<Sample> notServingAfterUp = samples.stream()
                    .filter(sample -> sample.readyAt() > firstUp && sample.api() != 401).toList();
            assertEquals(List.of(), notServingAfterUp, "the API stopped answering after readiness said UP");
            // Payara 6.2025.10 ignores mp.health.default.readiness.empty.response: while the WAR deploys it answers
            // 200 with no checks (docs/operations.md). Anything else UP is the application's own checks.
            List<Sample> otherUp = samples.stream().filter(sample -> sample.ready() == 200)
                    .filter(sample -> !sample.servingUp() && !sample.upWithoutChecks()).toList();
            assertEquals(List.of(), otherUp, "200 from readiness without the serving check, with checks");
            long emptyUp = samples.stream().filter(Sample::upWithoutChecks).count();
            System.out.printf("start: readiness UP (serving) %d ms after the API first answered 401; %d of %d polls"
                            + " were Payara's UP-without-checks (from %s to %s)%n", firstUp - apiFirstAnswered,
                    emptyUp, samples.size(), at(samples, Sample::upWithoutChecks, true),
                    at(samples, Sample::upWithoutChecks, false));

            Set<String> settled = metricNames(base);
            assertTrue(metricsAtFirstUp.remove("(read)"), "metrics read at the first UP");
            assertTrue(metricsAtFirstUp.containsAll(List.of("famichat_messages_sent", "famichat_socket_open",
                    "famichat_database_unreachable", "famichat_vault_seals")), metricsAtFirstUp.toString());
            Set<String> late = new TreeSet<>(settled);
            late.removeAll(metricsAtFirstUp);
            assertEquals(Set.of(), late, "metrics that appeared only after the first UP");

            // The stop: readiness DOWN, then the socket closed with 1001, then the server and the launcher end.
            Users.SignedIn ann = Users.registerAndSignIn(new Http(base), "stopper");
            SocketClient socket = SocketClient.ready(base, ann.token());
            List<Sample> stopping = Collections.synchronizedList(new ArrayList<>());
            polling.set(true);
            Thread stopPoller = new Thread(() -> {
                while (polling.get()) {
                    stopping.add(readiness(base));
                    pause(20);
                }
            }, "readiness-poller-stop");
            stopPoller.start();
            Thread.sleep(200);
            List<ProcessHandle> tree = famichat.processTree();
            long sigterm = System.currentTimeMillis();
            int exit = famichat.terminate(Duration.ofSeconds(90));
            long exited = System.currentTimeMillis();
            polling.set(false);
            stopPoller.join();

            assertEquals(143, exit, famichat.output());
            assertEquals(1001, socket.awaitClose(Duration.ofSeconds(1)), "the socket's close code");
            long closed = socket.closedAtMillis();
            List<Sample> afterTerm = stopping.stream().filter(sample -> sample.readyAt() >= sigterm).toList();
            List<Sample> upAfterClose = afterTerm.stream()
                    .filter(sample -> sample.readyAt() >= closed && sample.ready() == 200).toList();
            assertEquals(List.of(), upAfterClose, "readiness UP after the socket was closed");
            long down = afterTerm.stream().filter(sample -> sample.ready() != 200).mapToLong(Sample::readyAt).min()
                    .orElse(exited);
            String stoppingDown = afterTerm.stream().filter(sample -> sample.readyBody().contains("\"stopping\""))
                    .findFirst().map(sample -> (sample.readyAt() - sigterm) + " ms").orElse("never seen");
            System.out.printf("stop: SIGTERM -> first readiness not 200 %d ms (%s), serving DOWN 'stopping' seen at %s,"
                            + " socket 1001 %d ms, launcher exit %d ms; readiness answers after SIGTERM: %s%n",
                    down - sigterm, afterTerm.stream().filter(sample -> sample.ready() != 200).findFirst()
                            .map(sample -> sample.ready() + " " + abbreviate(sample.readyBody())).orElse("-"),
                    stoppingDown, closed - sigterm, exited - sigterm, transitions(afterTerm));

            for (int i = 0; i < 100 && tree.stream().anyMatch(ProcessHandle::isAlive); i++) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), tree.stream().filter(ProcessHandle::isAlive).toList(), "nothing outlives the stop");
            assertTrue(famichat.output().contains("[famichat] stopped"), famichat.output());
        } finally {
            famichat.close();
        }
    }

    private static Sample sample(String base) {
        Sample ready = readiness(base);
        long apiAt = System.currentTimeMillis();
        int api = status(base + "/api/v1/me").status();
        return new Sample(ready.readyAt(), ready.ready(), ready.readyBody(), apiAt, api);
    }

    private static Sample readiness(String base) {
        long at = System.currentTimeMillis();
        Answer answer = status(base + "/health/ready");
        return new Sample(at, answer.status(), answer.body(), 0, 0);
    }

    /** Status -1: no connection, or no answer within a second. */
    private record Answer(int status, String body) {
    }

    private static Answer status(String url) {
        return status(url, Duration.ofSeconds(1));
    }

    private static Answer status(String url, Duration timeout) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (java.io.IOException e) {
            return new Answer(-1, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    /** The application's metric names (without the suffixes of the Prometheus format). */
    private static Set<String> metricNames(String base) {
        // Not a poll: the first scrape right after start took over a second on a loaded machine (load average 30),
        // and a timed-out read would count as "no metrics at the first UP".
        Answer metrics = status(base + "/metrics", Duration.ofSeconds(30));
        Set<String> names = new TreeSet<>();
        if (metrics.status() == 200) {
            Matcher matcher = METRIC.matcher(metrics.body());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static String at(List<Sample> samples, java.util.function.Predicate<Sample> which, boolean first) {
        Stream<Long> times = samples.stream().filter(which).map(Sample::readyAt);
        long start = samples.get(0).readyAt();
        return (first ? times.findFirst() : times.reduce((a, b) -> b)).map(t -> (t - start) + " ms").orElse("-");
    }

    private static String transitions(List<Sample> samples) {
        List<String> states = new ArrayList<>();
        for (Sample sample : samples) {
            String state = sample.ready() + (sample.readyBody().contains("\"stopping\"") ? " stopping" : "");
            if (states.isEmpty() || !states.get(states.size() - 1).endsWith(state)) {
                states.add(state);
            }
        }
        return String.join(" -> ", states);
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.Messages;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md rule 1, "no plaintext at rest": a server of its own (embedded PostgreSQL and embedded broker,
 * both under its data directory, temp files there too) carries unique canary words in a family conversation (to
 * a connected member, a member who fetches later and one who never does) and in a self conversation; once it
 * has stopped, no file under the data directory (the PostgreSQL data directory with its WAL, the broker's
 * journal, the server logs, temp files) holds a canary, in UTF-8, UTF-16LE or UTF-16BE. Positive controls prove
 * the scan reads those files: a username, which is stored in clear, is found in the PostgreSQL files, and the
 * fan-out queue's name in the broker's.
 */
class NoPlaintextAtRestIT {

    private static final List<Charset> ENCODINGS = List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
            StandardCharsets.UTF_16BE);

    @Test
    void canaryMessagesAreInNoFileOfTheDatabaseTheBrokerOrTheLogs() throws Exception {
        Path dataDir = TestEnvironment.get().freshDirectory("no-plaintext");
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        List<String> canaries = List.of(canary(), canary(), canary(), canary());
        Users.SignedIn ann;
        String family;
        List<Users.SignedIn> kin;
        try (LaunchedFamichat famichat = LaunchedFamichat.start(dataDir,
                Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp))) {
            String baseUrl = famichat.baseUrl();
            Http anonymous = new Http(baseUrl);
            ann = Users.registerAndSignIn(anonymous, "atrest");
            UUID familyId = Families.create(ann, "Canary family");
            kin = Families.joinNew(ann, familyId, 3, "atrest-kin");
            Users.SignedIn connected = kin.get(0);
            Users.SignedIn fetchesLater = kin.get(1);
            // kin.get(2) never fetches nor connects: their envelopes stay waiting in the database.
            family = Messages.familyConversation(ann, familyId);
            String notes = Messages.selfConversation(ann);

            try (SocketClient annSocket = Messages.connectedQuiet(baseUrl, ann);
                 SocketClient bobSocket = Messages.connectedQuiet(baseUrl, connected)) {
                Messages.sent(ann, family, "canary-1", "The first word is " + canaries.get(0) + ".");
                annSocket.send(Messages.sendFrame(family, "canary-2", "The second word is " + canaries.get(1) + "."));
                assertEquals("sent", annSocket.next().getString("type"));
                List<String> pushed = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    JsonObject frame = Messages.nextMessage(bobSocket);
                    pushed.add(frame.getString("body"));
                    bobSocket.send(Messages.ackFrame(frame.getString("messageId")));
                }
                assertTrue(pushed.stream().anyMatch(body -> body.contains(canaries.get(0))), pushed.toString());
                assertTrue(pushed.stream().anyMatch(body -> body.contains(canaries.get(1))), pushed.toString());
                assertEquals(List.of(), Messages.untilPong(bobSocket));
                bobSocket.send(Messages.sendFrame(family, "canary-3", "Reply with " + canaries.get(2)));
                assertEquals("sent", bobSocket.next().getString("type"));
            }
            Messages.sent(ann, notes, "canary-4", "Note to self: " + canaries.get(3));

            // Fetched later by one member; never by the other, whose envelopes stay in the database.
            JsonObject fetched = Messages.awaitMessages(fetchesLater, family, 3);
            for (int i = 0; i < 3; i++) {
                assertTrue(Messages.bodies(fetched).get(i).contains(canaries.get(i)), fetched.toString());
            }
            assertTrue(Messages.bodies(Messages.page(ann, notes, "")).get(0).contains(canaries.get(3)));
            awaitEnvelopesCommitted(anonymous, 3);
            // (no request of the member who never fetches: a fetch would take their envelopes)

            long postgresPid = Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postgres/data/postmaster.pid")).get(0).trim());
            List<ProcessHandle> processes = new ArrayList<>(famichat.processTree());
            ProcessHandle.of(postgresPid).ifPresent(processes::add);
            assertEquals(143, famichat.terminate(Duration.ofSeconds(90)), famichat.output());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
                assertTrue(System.nanoTime() < deadline, "the server and PostgreSQL stop");
                Thread.sleep(100);
            }
        }

        Map<String, String> needles = new LinkedHashMap<>();
        for (int i = 0; i < canaries.size(); i++) {
            needles.put("canary " + (i + 1), canaries.get(i));
        }
        needles.put("username", ann.username());
        needles.put("fan-out queue", "famichat.fanout");
        // Who writes to whom is sealed with the text: no user or conversation id in the broker's files.
        needles.put("sender's id", ann.id().toString());
        needles.put("recipient's id", kin.get(2).id().toString());
        needles.put("conversation id", family);
        List<FileScan> scanned = FileScan.everyFileUnder(dataDir, needles);

        Map<String, Path> areas = new LinkedHashMap<>();
        areas.put("PostgreSQL data directory", dataDir.resolve("postgres/data"));
        areas.put("broker data directory", dataDir.resolve("broker"));
        areas.put("server logs", dataDir.resolve("logs"));
        areas.put("temp files", tmp);
        areas.put("data directory", dataDir);
        Map<String, Area> byArea = new LinkedHashMap<>();
        areas.forEach((name, root) -> byArea.put(name, Area.of(root, scanned)));
        System.out.println("no-plaintext scan: " + byArea);

        for (String area : List.of("PostgreSQL data directory", "broker data directory", "server logs")) {
            assertTrue(byArea.get(area).files() > 0 && byArea.get(area).bytes() > 0, area + " was scanned: " + byArea);
        }
        assertTrue(byArea.get("PostgreSQL data directory").hits().containsKey("username"),
                "positive control: the scan finds a username, stored in clear, in PostgreSQL's files: " + byArea);
        assertTrue(byArea.get("broker data directory").hits().containsKey("fan-out queue"),
                "positive control: the scan finds the fan-out queue's name in the broker's files: " + byArea);
        for (String id : List.of("sender's id", "recipient's id", "conversation id")) {
            assertFalse(byArea.get("broker data directory").hits().containsKey(id),
                    id + " is in the broker's files: " + byArea);
        }
        for (int i = 0; i < canaries.size(); i++) {
            String canary = "canary " + (i + 1);
            List<String> where = scanned.stream().filter(file -> file.hits().containsKey(canary))
                    .map(file -> dataDir.relativize(file.path()) + " " + file.hits().get(canary)).toList();
            assertEquals(List.of(), where, canary + " (a message body) is at rest in clear");
        }
    }

    /** A word that occurs nowhere else: letters and digits only, so that no encoding or escaping changes it. */
    private static String canary() {
        return "canary" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Waits until {@code count} messages have all their envelopes committed (the fan-out timer's count). */
    private static void awaitEnvelopesCommitted(Http http, int count) throws Exception {
        String series = "famichat_message_send_to_envelopes_committed_seconds_count{mp_scope=\"application\"} ";
        long deadline = System.nanoTime() + Messages.WAIT.toNanos();
        while (true) {
            double committed = http.get("/metrics").body().lines().filter(line -> line.startsWith(series))
                    .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim()))
                    .findFirst().orElse(0);
            if (committed >= count) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "only " + committed + " of " + count + " messages fanned out");
            Thread.sleep(100);
        }
    }

    /** What the scan found in one file: its size and, per needle found, the encodings it was found in. */
    record FileScan(Path path, long bytes, Map<String, List<String>> hits) {

        private static final int CHUNK = 8 << 20;

        /**
         * A byte-level search of every regular file under {@code root} for each needle in each of
         * {@link #ENCODINGS}. Files are read in chunks that overlap by the longest needle, so that a match
         * across a chunk edge is found. A file that cannot be read fails the test: the scan must cover all.
         */
        static List<FileScan> everyFileUnder(Path root, Map<String, String> needles) throws IOException {
            Map<String, List<String>> patterns = new LinkedHashMap<>();
            int longest = 0;
            for (Map.Entry<String, String> needle : needles.entrySet()) {
                List<String> encoded = new ArrayList<>();
                for (Charset encoding : ENCODINGS) {
                    // ISO-8859-1 maps each byte to one char, so String.indexOf searches bytes (and fast).
                    encoded.add(new String(needle.getValue().getBytes(encoding), StandardCharsets.ISO_8859_1));
                    longest = Math.max(longest, encoded.get(encoded.size() - 1).length());
                }
                patterns.put(needle.getKey(), encoded);
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(path -> Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .toList();
            }
            List<FileScan> scans = new ArrayList<>();
            byte[] buffer = new byte[CHUNK + longest];
            for (Path file : files) {
                long bytes = 0;
                Map<String, List<String>> hits = new LinkedHashMap<>();
                try (InputStream in = Files.newInputStream(file)) {
                    int kept = 0;
                    int read;
                    while ((read = in.readNBytes(buffer, kept, buffer.length - kept)) > 0) {
                        bytes += read;
                        int length = kept + read;
                        String text = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
                        for (Map.Entry<String, List<String>> needle : patterns.entrySet()) {
                            for (int e = 0; e < ENCODINGS.size(); e++) {
                                if (text.contains(needle.getValue().get(e))) {
                                    List<String> found = hits.computeIfAbsent(needle.getKey(), key -> new ArrayList<>());
                                    if (!found.contains(ENCODINGS.get(e).name())) {
                                        found.add(ENCODINGS.get(e).name());
                                    }
                                }
                            }
                        }
                        kept = Math.min(longest - 1, length);
                        System.arraycopy(buffer, length - kept, buffer, 0, kept);
                    }
                }
                scans.add(new FileScan(file, bytes, hits));
            }
            return scans;
        }
    }

    /** The files of one part of the data directory: how many, how many bytes, and which needles were found. */
    record Area(long files, long bytes, Map<String, Long> hits) {

        static Area of(Path root, List<FileScan> scanned) {
            List<FileScan> inside = scanned.stream().filter(file -> file.path().startsWith(root)).toList();
            Map<String, Long> hits = new LinkedHashMap<>();
            for (FileScan file : inside) {
                file.hits().keySet().forEach(needle -> hits.merge(needle, 1L, Long::sum));
            }
            return new Area(inside.size(), inside.stream().mapToLong(FileScan::bytes).sum(), hits);
        }

        @Override
        public String toString() {
            return files + " files, " + bytes + " bytes, files with hits " + hits;
        }
    }
}

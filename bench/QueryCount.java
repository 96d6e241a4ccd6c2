/*
 * Database statements per authenticated request and per push, for hosted and for locked users (a tool, not a
 * test), counted by PostgreSQL's pg_stat_statements, so nothing here depends on timing:
 *
 *   PG_STAT_STATEMENTS=1 bench/cluster.sh start 1 DIR
 *   java bench/QueryCount.java http://127.0.0.1:18181 "psql -h 127.0.0.1 -p 15432 -U famichat famichat"
 *   bench/cluster.sh stop DIR
 *
 * Two members of one family (hosted, the default), a direct conversation, the second member's WebSocket. Then,
 * each counted from a reset of the statistics: 50 GET /api/v1/conversations of the first member (a request that
 * reads their history: the last message), and 50 sends by REST, each pushed to the socket and acknowledged. Both
 * switch to locked custody (the socket stays open across the switch: its pushes must take the locked path at
 * once) and the same is counted again. Printed: all statements per operation (background work included: the
 * heartbeat, sweeps), and those about tokens, unlock rows and custody one by one.
 */
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public class QueryCount {
    static HttpClient http = HttpClient.newHttpClient();
    static String base;
    static String psql;

    public static void main(String[] args) throws Exception {
        base = args[0];
        psql = args[1]; // a psql command line for the cluster's database
        sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        int n = 50;
        String pw = "correct horse battery";
        String a = "ann" + Long.toString(System.nanoTime(), 36), b = "bob" + Long.toString(System.nanoTime(), 36);
        req("POST", "/api/v1/accounts", null, "{\"username\":\"" + a + "\",\"password\":\"" + pw + "\",\"displayName\":\"Ann\"}", 201);
        req("POST", "/api/v1/accounts", null, "{\"username\":\"" + b + "\",\"password\":\"" + pw + "\",\"displayName\":\"Bob\"}", 201);
        String ta = field(req("POST", "/api/v1/sessions", null, "{\"username\":\"" + a + "\",\"password\":\"" + pw + "\",\"deviceName\":\"a\"}", 200), "token");
        String sb = req("POST", "/api/v1/sessions", null, "{\"username\":\"" + b + "\",\"password\":\"" + pw + "\",\"deviceName\":\"b\"}", 200);
        String tb = field(sb, "token");
        String bobId = field(sb.substring(sb.indexOf("\"user\"")), "id");
        String fam = field(req("POST", "/api/v1/families", ta, "{\"name\":\"Fam\"}", 201), "id");
        String code = field(req("POST", "/api/v1/families/" + fam + "/invites", ta, null, 201), "code");
        req("POST", "/api/v1/invites/accept", tb, "{\"code\":\"" + code + "\"}", 200);
        String conv = field(req("POST", "/api/v1/conversations", ta, "{\"type\":\"direct\",\"memberIds\":[\"" + bobId + "\"]}", 201), "id");
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = socket(tb, frames);
        for (String custody : new String[] {"hosted", "locked"}) {
            if (custody.equals("locked")) {
                req("PUT", "/api/v1/me/custody", ta, "{\"custody\":\"locked\",\"password\":\"" + pw + "\"}", 204);
                req("PUT", "/api/v1/me/custody", tb, "{\"custody\":\"locked\",\"password\":\"" + pw + "\"}", 204);
            }
            for (int i = 0; i < 5; i++) { req("GET", "/api/v1/conversations", ta, null, 200); } // warm-up
            sendAndPush(ta, conv, frames, ws, 3, custody + "-warm");
            Thread.sleep(1000);
            reset();
            for (int i = 0; i < n; i++) { req("GET", "/api/v1/conversations", ta, null, 200); }
            Thread.sleep(1500);
            report(custody + ": " + n + " x GET /api/v1/conversations", n);
            reset();
            sendAndPush(ta, conv, frames, ws, n, custody);
            Thread.sleep(1500);
            report(custody + ": " + n + " x (send by REST + push to a socket + ack)", n);
        }
        ws.sendClose(1000, "").join();
    }

    static void sendAndPush(String token, String conv, LinkedBlockingQueue<String> frames, WebSocket ws, int n, String tag) throws Exception {
        for (int i = 0; i < n; i++) {
            req("POST", "/api/v1/conversations/" + conv + "/messages", token, "{\"clientMessageId\":\"" + tag + i + "\",\"body\":\"hello " + i + "\"}", 202);
            while (true) {
                String f = frames.poll(30, TimeUnit.SECONDS);
                if (f == null) throw new IllegalStateException("no push for " + tag + i);
                if (f.contains("\"type\":\"message\"")) {
                    ws.sendText("{\"type\":\"ack\",\"messageId\":\"" + field(f, "messageId") + "\"}", true).join();
                    break;
                }
            }
        }
    }

    static WebSocket socket(String token, LinkedBlockingQueue<String> frames) throws Exception {
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/api/v1/socket"), new WebSocket.Listener() {
            StringBuilder sb = new StringBuilder();
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                sb.append(data);
                if (last) { frames.add(sb.toString()); sb = new StringBuilder(); }
                w.request(1);
                return null;
            }
        }).join();
        ws.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).join();
        String ready = frames.poll(30, TimeUnit.SECONDS);
        if (ready == null || !ready.contains("ready")) throw new IllegalStateException("no ready: " + ready);
        return ws;
    }

    static void reset() throws Exception { sql("SELECT pg_stat_statements_reset()"); }

    static void report(String what, int n) throws Exception {
        System.out.println("== " + what);
        System.out.println(sql("SELECT to_char(sum(calls)::numeric / " + n + ", 'FM990.00') FROM pg_stat_statements WHERE query !~* 'pg_stat_statements'").trim() + " statements per operation in all, of which:");
        System.out.println(sql("SELECT to_char(calls::numeric / " + n + ", 'FM990.00') || '  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements "
                + "WHERE query ~* '(access_tokens|keyring_unlocks|custody)' AND query !~* 'pg_stat_statements' ORDER BY calls DESC"));
    }

    static String sql(String q) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", psql + " -qAtc \"$Q\"");
        pb.environment().put("Q", q);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    static String field(String json, String name) {
        return json.replaceAll("(?s).*?\"" + name + "\":\"([^\"]+)\".*", "$1");
    }

    static String req(String method, String path, String token, String body, int expected) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) r.header("Authorization", "Bearer " + token);
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != expected) throw new IllegalStateException(method + " " + path + ": " + resp.statusCode() + " " + resp.body());
        return resp.body();
    }
}

package app.famichat.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Http;
import app.famichat.it.support.PayaraServerFull;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import app.famichat.launcher.Distribution;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the operator's path: the RAR and the EAR deployed on Payara Server full profile (a fresh domain
 * from the distribution on Maven Central), libsignal in the domain's lib directory, the skeleton flow over HTTP.
 */
class EarOnPayaraServerIT {

    private static PayaraServerFull server;
    private static Http http;
    private static Http user;

    @BeforeAll
    static void deploy() throws Exception {
        TestEnvironment environment = TestEnvironment.get();
        Distribution distribution = environment.distribution();
        TestDatabase database = environment.database();
        server = PayaraServerFull.createDomain(Path.of(System.getProperty("famichat.it.payaraHome")),
                environment.freshDirectory("payara-server"));
        try (var jars = Files.list(distribution.serverLibraries())) {
            jars.forEach(server::addLibJar);
        }
        server.prependNativeLibraryPath(distribution.nativeLibraries())
                .addJvmOption("-Dfamichat.db.url=" + database.url())
                .addJvmOption("-Dfamichat.db.user=" + database.user())
                .addJvmOption("-Dfamichat.db.password=" + database.password())
                .addJvmOption("-Dfamichat.vault.keys=" + TestEnvironment.vaultKeys())
                .start();
        server.deploy(distribution.resourceAdapter().toFile());
        server.deploy(new File(System.getProperty("famichat.it.ear")));
        http = new Http(server.baseUrl());
        awaitReady();
        user = Users.registerAndSignIn(http, "ear").http();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readinessIsUpWithLibsignalFromTheServerClassPath() throws Exception {
        HttpResponse<String> response = http.get("/health/ready");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"serverClassPath\":\"true\""), response.body());
        assertTrue(response.body().contains("\"nativeLibrary\":\"libsignal_jni.so\""), response.body());
    }

    @Test
    void skeletonFlowThroughTheEar() throws Exception {
        HttpResponse<String> accepted = user.postJson("/api/v1/skeleton/sends",
                "{\"label\":\"ear\",\"targets\":[\"x\",\"y\"]}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        String sendId = Http.json(accepted).getString("sendId");
        long deadline = System.currentTimeMillis() + 30_000;
        JsonObject view;
        do {
            Thread.sleep(100);
            view = Http.json(user.get("/api/v1/skeleton/sends/" + sendId));
        } while (view.getJsonArray("deliveries").size() < 2 && System.currentTimeMillis() < deadline);
        assertEquals(2, view.getJsonArray("deliveries").size(), view.toString());
        assertTrue(http.get("/metrics").body().contains("famichat_skeleton_sends_total"));
    }

    private static void awaitReady() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String last = "no answer";
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> response = http.get("/health/ready");
                if (response.statusCode() == 200 && response.body().contains("\"name\":\"database\"")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The EAR did not become ready (" + last + "); see " + server.serverLog());
    }
}

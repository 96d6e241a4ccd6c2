package app.famichat.web.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServingReadinessTest {

    private final ServingReadiness readiness = new ServingReadiness();
    private final AtomicInteger probes = new AtomicInteger();

    @Test
    void startingUntilTheFirstAnsweredProbeThenServingWithoutProbingAgain() {
        assertEquals(ServingReadiness.State.STARTING, readiness.advance(() -> probe(false)));
        assertEquals(ServingReadiness.State.STARTING, readiness.advance(() -> probe(false)));
        assertEquals(ServingReadiness.State.SERVING, readiness.advance(() -> probe(true)));
        assertEquals(ServingReadiness.State.SERVING, readiness.advance(() -> probe(false)));
        assertEquals(3, probes.get(), "no probe once serving");
    }

    @Test
    void stoppingIsFinalAndProbesNoMore() {
        readiness.advance(() -> probe(true));
        readiness.stopping();
        assertEquals(ServingReadiness.State.STOPPING, readiness.advance(() -> probe(true)));
        readiness.stopping();
        assertEquals(1, probes.get());
    }

    @Test
    void stoppingBeforeServingNeverBecomesServing() {
        readiness.stopping();
        assertEquals(ServingReadiness.State.STOPPING, readiness.advance(() -> probe(true)));
        assertEquals(0, probes.get());
    }

    @Test
    void theProbeGoesToTheListenerAndTheContextPath() {
        assertEquals(URI.create("http://127.0.0.1:8080/api/v1/me"),
                SelfProbe.probeUrl(HealthSettings.listener("0.0.0.0", 8080), ""));
        assertEquals(URI.create("http://127.0.0.1:8080/api/v1/me"),
                SelfProbe.probeUrl(HealthSettings.listener("", 8080), "/"));
        assertEquals(URI.create("http://10.0.0.5:28080/famichat/api/v1/me"),
                SelfProbe.probeUrl(HealthSettings.listener("10.0.0.5", 28080), "/famichat"));
        assertEquals(URI.create("http://[::1]:8080/api/v1/me"),
                SelfProbe.probeUrl(HealthSettings.listener("::1", 8080), ""));
        assertEquals(URI.create("http://127.0.0.1:8080/api/v1/me"),
                SelfProbe.probeUrl(HealthSettings.listener("::", 8080), ""));
        // famichat.health.self-url with a path: the path is the application's root, whatever the context path
        assertEquals(URI.create("https://node1.example:8181/chat/api/v1/me"),
                SelfProbe.probeUrl(HealthSettings.parse("https://node1.example:8181/chat/"), "/famichat"));
    }

    @Test
    void aSelfUrlThatIsNoHttpUrlStopsTheDeployment() {
        for (String bad : new String[] {"127.0.0.1:8080", "ftp://host/", "http://", "http://host/?q=1", "not a url"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> HealthSettings.parse(bad));
            assertEquals(true, e.getMessage().startsWith("famichat.health.self-url must be"), e.getMessage());
        }
    }

    private boolean probe(boolean answer) {
        probes.incrementAndGet();
        return answer;
    }
}

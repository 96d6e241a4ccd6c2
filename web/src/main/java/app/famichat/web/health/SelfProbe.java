package app.famichat.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Asks this node's own REST API whether it answers: {@code GET /api/v1/me} without a token, which the
 * application (and only the application: Payara's answers while it deploys are 404, 500 or 503) answers 401. The
 * address is this node's HTTP listener ({@link HealthSettings#selfUrl}) and the web module's context path, known
 * once the servlet context has started.
 */
@ApplicationScoped
public class SelfProbe {

    private static final Logger LOG = Logger.getLogger(SelfProbe.class.getName());
    static final String PATH = "/api/v1/me";
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Inject
    HealthSettings settings;

    private volatile String contextPath;
    private volatile HttpClient http;

    void started(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        contextPath = context.getContextPath();
        LOG.fine(() -> "Servlet context " + contextPath + " initialized; probing " + url());
    }

    /** True once the application answers the probe 401; false before its servlet context has started. */
    public boolean served() {
        Optional<URI> url = url();
        if (url.isEmpty()) {
            return false;
        }
        try {
            HttpResponse<Void> response = client().send(HttpRequest.newBuilder(url.get()).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 401;
        } catch (IOException e) {
            LOG.log(Level.FINE, "Self probe failed", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Optional<URI> url() {
        String path = contextPath;
        return path == null ? Optional.empty() : Optional.of(probeUrl(settings.selfUrl(), path));
    }

    /** {@code base} (scheme, host and port; a path in it replaces the context path) + the probed path. */
    static URI probeUrl(URI base, String contextPath) {
        String root = base.getRawPath() == null || base.getRawPath().isEmpty() ? contextPath : base.getRawPath();
        if (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return base.resolve(root + PATH);
    }

    private HttpClient client() {
        if (http == null) {
            // HTTP/1.1: no h2c upgrade dance with a server that is still starting.
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }
}

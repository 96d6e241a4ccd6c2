package app.famichat.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** All REST resources live under {@code /api}; versioned paths ({@code /api/v1/...}) start in each resource. */
@ApplicationPath("/api")
public class FamichatApi extends Application {

    /**
     * Jersey would complete a relative {@code Location} with the request's scheme and Host header, which the
     * client controls; links are made by {@link app.famichat.web.http.Links} and must stay as they are.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.headers.location.relative.resolution.disabled", true);
    }
}

package app.famichat.bench.floor;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The check the launcher waits for ({@code serving}) before it says the server is ready. */
@Readiness
@ApplicationScoped
public class FloorReadiness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("serving");
    }
}

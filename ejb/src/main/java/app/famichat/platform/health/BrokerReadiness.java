package app.famichat.platform.health;

import app.famichat.platform.jms.BrokerOutage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * UP when the broker behind the resource adapter accepts a session (embedded or external), as {@link BrokerOutage}'s
 * probe finds: DOWN within its timeout while the broker is away or failing over, instead of a check that hangs
 * until the adapter has reconnected.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    @Inject
    BrokerOutage broker;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("broker");
        return broker.reachable() ? response.up().build()
                : response.down().withData("error", "unreachable or failing over").build();
    }
}

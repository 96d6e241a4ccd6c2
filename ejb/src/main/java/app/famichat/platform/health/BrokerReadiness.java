package app.famichat.platform.health;

import app.famichat.platform.jms.Messaging;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** UP when the broker behind the resource adapter accepts a session (embedded or external). */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("broker");
        try (JMSContext context = connectionFactory.createContext()) {
            context.createQueue(Messaging.FAN_OUT_QUEUE);
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}

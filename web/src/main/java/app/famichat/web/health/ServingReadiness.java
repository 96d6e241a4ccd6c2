package app.famichat.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code serving}: UP only while this node's REST API answers. Payara registers the application's
 * checks (and answers them) seconds before it routes requests to the application, and its other checks know
 * nothing of that; so this one stays DOWN until a real request to the API, sent by {@link SelfProbe}, has been
 * answered by the application. From then on it is UP without probing again, until the node starts stopping
 * ({@link StopSequence}): then DOWN for good. docs/operations.md, "Health".
 */
@Readiness
@ApplicationScoped
public class ServingReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ServingReadiness.class.getName());

    /** The life of the node as this check reports it (as {@code data.state}). */
    enum State {
        STARTING, SERVING, STOPPING
    }

    @Inject
    SelfProbe probe;

    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

    @Override
    public HealthCheckResponse call() {
        State now = advance(probe::served);
        return HealthCheckResponse.named("serving")
                .status(now == State.SERVING)
                .withData("state", now.name().toLowerCase(Locale.ROOT))
                .build();
    }

    /** While starting, asks {@code served} whether the API answers; the first yes makes the node serving. */
    State advance(BooleanSupplier served) {
        State now = state.get();
        if (now == State.STARTING && served.getAsBoolean() && state.compareAndSet(State.STARTING, State.SERVING)) {
            LOG.info("The REST API answers: readiness check 'serving' is UP");
            return State.SERVING;
        }
        return state.get();
    }

    /** The node is stopping: DOWN from now on, whatever the probe would say. */
    void stopping() {
        if (state.getAndSet(State.STOPPING) != State.STOPPING) {
            LOG.info("Stopping: readiness check 'serving' is DOWN");
        }
    }
}

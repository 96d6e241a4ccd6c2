package app.famichat.web.health;

import app.famichat.connections.LocalConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.Readiness;

/**
 * What this node does first when it stops: readiness DOWN, then every socket closed with 1001 (going away) so that
 * its client reconnects, through the load balancer, to another node. After that the server undeploys the
 * application: the message-driven beans finish the message each holds (the resource adapter waits for them) and
 * the rest stops. docs/operations.md, "Health".
 *
 * <p>Two ways in, whichever comes first. On SIGTERM or Ctrl-C, Payara Micro undeploys in its JVM shutdown hook and
 * stops routing requests to the application before any of the application's own callbacks runs (the API answers
 * 503 first), so a shutdown hook of this node's own begins the sequence at once, while the API still answers. On an
 * undeploy or disable without the JVM stopping, the application's context ending begins it.
 */
@ApplicationScoped
public class StopSequence {

    private static final Logger LOG = Logger.getLogger(StopSequence.class.getName());

    /** A health check's bean has its kind as qualifier, not {@code @Default}. */
    @Inject
    @Readiness
    ServingReadiness readiness;

    @Inject
    LocalConnections connections;

    private final AtomicBoolean begun = new AtomicBoolean();
    private volatile Thread hook;

    void started(@Observes @Initialized(ApplicationScoped.class) Object application) {
        if (hook == null) {
            hook = new Thread(this::begin, "famichat-stop-sequence");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) {
        begin();
        Thread registered = hook;
        if (registered != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(registered); // an undeploy: the hook must not outlive it
            } catch (IllegalStateException jvmStopping) {
                // the hook is running or has run
            }
        }
    }

    /** Readiness DOWN, then the sockets closed with 1001; once, whoever calls first. */
    void begin() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        readiness.stopping();
        int closed = connections.goingAway();
        LOG.info(() -> "Stopping: closed " + closed + " socket(s) with 1001 (going away)");
    }
}

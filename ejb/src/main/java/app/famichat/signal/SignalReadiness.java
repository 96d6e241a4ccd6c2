package app.famichat.signal;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP when libsignal's native library is loaded from the server class path and is the production build.
 * Shows the version in the readiness output. It lives with {@link SignalLibrary}, not with the platform's checks,
 * because the platform must not depend on a feature (signal already depends on the platform's build facts).
 */
@Readiness
@ApplicationScoped
public class SignalReadiness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("libsignal").withData("version", SignalLibrary.version());
        try {
            SignalLibrary.ensureLoaded();
        } catch (LinkageError | RuntimeException e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
        String nativeLibrary = SignalLibrary.loadedNativeLibrary().orElse("unknown");
        boolean serverClassPath = SignalLibrary.onServerClassPath();
        return response.status(serverClassPath && !SignalLibrary.isTestingBuild())
                .withData("nativeLibrary", nativeLibrary)
                .withData("serverClassPath", serverClassPath)
                .build();
    }
}

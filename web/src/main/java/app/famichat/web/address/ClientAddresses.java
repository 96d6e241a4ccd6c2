package app.famichat.web.address;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resolves the {@link ClientAddress} of a request with the configured trusted proxies
 * ({@code famichat.http.trusted-proxies}, default none) and header ({@code famichat.http.forwarded-header},
 * default {@code X-Forwarded-For}); both are checked when the application starts.
 */
@ApplicationScoped
public class ClientAddresses {

    private static final Logger LOG = Logger.getLogger(ClientAddresses.class.getName());
    private static final String ATTRIBUTE = ClientAddress.class.getName();

    @Inject
    @ConfigProperty(name = "famichat.http.trusted-proxies")
    Optional<String> trustedProxiesSetting;

    @Inject
    @ConfigProperty(name = "famichat.http.forwarded-header", defaultValue = "X-Forwarded-For")
    String forwardedHeaderSetting;

    private TrustedProxies trustedProxies;
    private ForwardedHeader forwardedHeader;

    @PostConstruct
    void configure() {
        try {
            trustedProxies = TrustedProxies.parse(trustedProxiesSetting.orElse(""));
            forwardedHeader = ForwardedHeader.fromSetting(forwardedHeaderSetting);
        } catch (IllegalArgumentException e) {
            // Payara reports only "Unable to invoke configure()"; the reason must reach the log.
            LOG.severe(e.getMessage());
            throw e;
        }
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment, not the first request. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by configure()
    }

    /** The client of {@code request} (resolved once per request, then kept in a request attribute). */
    public ClientAddress of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof ClientAddress known) {
            return known;
        }
        List<String> lines = trustedProxies.isEmpty() ? List.of()
                : Collections.list(request.getHeaders(forwardedHeader.headerName()));
        ClientAddress client = ClientAddress.resolve(request.getRemoteAddr(), lines, trustedProxies, forwardedHeader);
        request.setAttribute(ATTRIBUTE, client);
        return client;
    }
}

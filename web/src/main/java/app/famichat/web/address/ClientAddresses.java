package app.famichat.web.address;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;

/** Resolves the {@link ClientAddress} of a request with the trusted proxies and header of {@link ProxySettings}. */
@ApplicationScoped
public class ClientAddresses {

    private static final String ATTRIBUTE = ClientAddress.class.getName();

    @Inject
    ProxySettings settings;

    /** The client of {@code request} (resolved once per request, then kept in a request attribute). */
    public ClientAddress of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof ClientAddress known) {
            return known;
        }
        TrustedProxies trustedProxies = settings.trustedProxies();
        ForwardedHeader forwardedHeader = settings.forwardedHeader();
        List<String> lines = trustedProxies.isEmpty() ? List.of()
                : Collections.list(request.getHeaders(forwardedHeader.headerName()));
        ClientAddress client = ClientAddress.resolve(request.getRemoteAddr(), lines, trustedProxies, forwardedHeader);
        request.setAttribute(ATTRIBUTE, client);
        return client;
    }
}

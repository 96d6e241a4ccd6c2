package app.famichat.web.client;

import app.famichat.web.http.HttpSettings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The headers that keep the web client's page to itself, on every response (docs/security.md, "The web
 * client"): scripts, styles and connections only from this origin, no inline script or style, never framed,
 * never sniffed as another type, no referrer sent along. API answers carry them too: they cost nothing there and
 * a JSON answer opened in a tab then runs nothing either.
 */
@WebFilter(filterName = "SecurityHeaders", urlPatterns = "/*", asyncSupported = true)
public class SecurityHeaders extends HttpFilter {

    /** A Host header worth naming in the policy: a name or address and a port, nothing that could break it. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:[0-9]{1,5})?");

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "connect-src 'self'";

    @Inject
    HttpSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", policy(socketOrigins(request)));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        chain.doFilter(request, response);
    }

    static String policy(String socketOrigins) {
        return socketOrigins.isEmpty() ? POLICY : POLICY + " " + socketOrigins;
    }

    /**
     * The WebSocket origins of this server: CSP Level 3 lets {@code 'self'} cover them, older browsers need them
     * named. From {@code famichat.http.public-base-url} when set, else from the Host header (it only shapes the
     * policy of the answer to that same request, and only if it is a plain host).
     */
    String socketOrigins(HttpServletRequest request) {
        return socketOrigins(settings.publicBaseUrl(), request.getHeader("Host"));
    }

    static String socketOrigins(Optional<URI> publicBaseUrl, String hostHeader) {
        String host = publicBaseUrl.map(URI::getRawAuthority).orElse(hostHeader);
        if (host == null || !HOST.matcher(host).matches()) {
            return "";
        }
        boolean secure = publicBaseUrl.map(url -> "https".equals(url.getScheme())).orElse(false);
        return secure ? "wss://" + host : "ws://" + host + " wss://" + host;
    }
}

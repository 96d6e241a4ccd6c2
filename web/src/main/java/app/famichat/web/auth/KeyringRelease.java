package app.famichat.web.auth;

import app.famichat.vault.UnlockedKeyrings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Wipes the keyring keys the request unlocked ({@link AuthenticationFilter}) when it ends, however it ends: the
 * request thread goes back to the pool without them.
 */
@WebFilter(filterName = "KeyringRelease", urlPatterns = "/*", asyncSupported = true)
public class KeyringRelease extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            UnlockedKeyrings.releaseThread();
        }
    }
}

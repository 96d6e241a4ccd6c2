package app.famichat.web.http;

import app.famichat.web.address.ClientAddresses;
import app.famichat.web.problem.Problem;
import app.famichat.web.problem.ProblemType;
import app.famichat.web.problem.ServletProblems;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * At most {@code famichat.http.max-concurrent-requests-per-address} (default 20) requests of one client
 * address in progress on this node; more answer 429 at once, before their body is read. A client that sends
 * bodies slowly (or never finishes them) thus holds at most that many request threads, each for at most the
 * listener's read timeout, and cannot starve everyone else of the pool's 200.
 */
@WebFilter(filterName = "ConcurrentRequestsPerAddress", urlPatterns = "/*", asyncSupported = true)
public class ConcurrentRequestsPerAddress extends HttpFilter {

    private final InFlightRequests inFlight = new InFlightRequests();

    @Inject
    ClientAddresses clientAddresses;

    @Inject
    HttpSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String key = clientAddresses.of(request).rateLimitKey();
        if (!inFlight.tryEnter(key, settings.maxConcurrentRequestsPerAddress())) {
            response.setHeader("Retry-After", "1");
            response.setHeader("Connection", "close"); // do not wait for the rest of a body nobody will read
            ServletProblems.write(response, Problem.of(ProblemType.RATE_LIMITED,
                    "Too many requests from this address at once"));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.leave(key);
        }
    }
}

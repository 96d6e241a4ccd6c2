package app.famichat.web.body;

import app.famichat.web.problem.Problem;
import app.famichat.web.problem.ProblemType;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies over {@code famichat.http.max-body-bytes} (default 65,536) with 413, whether the client
 * announces the length or streams it chunked; the body is never read past the limit.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimit implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "famichat.http.max-body-bytes", defaultValue = "65536")
    long maxBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            request.abortWith(tooLarge().getResponse());
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream(), maxBytes));
        }
    }

    private WebApplicationException tooLarge() {
        return new WebApplicationException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "The request body is larger than " + maxBytes + " bytes").toResponse());
    }

    private final class Limited extends CheckedEntityStream {

        private long remaining;

        Limited(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        protected void check(byte[] buffer, int offset, int length) {
            remaining -= length;
            if (remaining < 0) {
                throw tooLarge();
            }
        }

        @Override
        protected void atEnd() {
            // within the limit
        }
    }
}

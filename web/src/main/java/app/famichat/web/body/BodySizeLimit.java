package app.famichat.web.body;

import app.famichat.web.http.HttpSettings;
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

/**
 * Refuses request bodies over {@link HttpSettings#maxBodyBytes()} with 413, whether the client announces the
 * length or streams it chunked; the body is never read past the limit.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimit implements ContainerRequestFilter {

    @Inject
    HttpSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        long maxBytes = settings.maxBodyBytes();
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
                "The request body is larger than " + settings.maxBodyBytes() + " bytes").toResponse());
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

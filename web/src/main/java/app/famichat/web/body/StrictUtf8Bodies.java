package app.famichat.web.body;

import app.famichat.web.problem.Problem;
import app.famichat.web.problem.ProblemType;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A JSON body must be well-formed UTF-8 (RFC 8259): otherwise 400 {@code malformed-request}, instead of the
 * JSON parser's silent U+FFFD replacement storing something the sender never wrote. Checked while the body
 * is read, after {@link BodySizeLimit} has bounded it.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 90)
public class StrictUtf8Bodies implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (request.hasEntity() && type != null && isJson(type)) {
            String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
            if (charset != null && !charset.equalsIgnoreCase(StandardCharsets.UTF_8.name())
                    && !charset.equalsIgnoreCase("utf8")) {
                request.abortWith(malformed("JSON bodies must be UTF-8").getResponse());
                return;
            }
            request.setEntityStream(new Validated(request.getEntityStream()));
        }
    }

    private static boolean isJson(MediaType type) {
        return type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json"));
    }

    private static WebApplicationException malformed(String detail) {
        return new WebApplicationException(Problem.of(ProblemType.MALFORMED_REQUEST, detail).toResponse());
    }

    private static final class Validated extends CheckedEntityStream {

        private final Utf8Validator utf8 = new Utf8Validator();

        Validated(InputStream in) {
            super(in);
        }

        @Override
        protected void check(byte[] buffer, int offset, int length) {
            if (!utf8.accept(buffer, offset, length)) {
                throw malformed("The body is not valid UTF-8");
            }
        }

        @Override
        protected void atEnd() {
            if (!utf8.isCompleteAndValid()) {
                throw malformed("The body is not valid UTF-8");
            }
        }
    }
}

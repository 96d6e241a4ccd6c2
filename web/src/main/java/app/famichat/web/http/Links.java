package app.famichat.web.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/**
 * Links in answers ({@code Location}): the configured {@code famichat.http.public-base-url} plus the path, or
 * the path alone (a relative reference). Never built from the request's Host header: a forged Host would be
 * reflected into the link (cache poisoning, links to a stranger's server).
 */
@ApplicationScoped
public class Links {

    @Inject
    HttpSettings settings;

    /**
     * The link to {@code child} (an id: URL-safe characters only) under the resource the request addressed,
     * e.g. {@code /api/v1/families/<id>}.
     */
    public URI child(UriInfo request, String child) {
        String parent = request.getAbsolutePath().getRawPath();
        String path = (parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent) + "/" + child;
        return settings.publicBaseUrl().map(base -> URI.create(base + path)).orElse(URI.create(path));
    }
}

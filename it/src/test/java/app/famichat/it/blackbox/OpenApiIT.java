package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The OpenAPI document the server publishes and docs/api.md list the same endpoints, and the catalog too. */
class OpenApiIT {

    private static final Pattern DOCUMENTED = Pattern.compile("^### `(GET|POST|PUT|PATCH|DELETE) (/api/\\S+)`$",
            Pattern.MULTILINE);
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void openApiDocumentMatchesTheApiDocs() throws Exception {
        String base = TestEnvironment.get().packagedServer().baseUrl();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/openapi"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        JsonObject paths = Json.createReader(new StringReader(response.body())).readObject().getJsonObject("paths");
        Set<String> served = new TreeSet<>();
        for (String path : paths.keySet()) {
            if (path.endsWith(".wadl")) {
                continue; // Jersey's own description, not part of the API
            }
            String full = path.startsWith("/api/") ? path : "/api" + path;
            paths.getJsonObject(path).keySet().stream().filter(HTTP_METHODS::contains)
                    .forEach(method -> served.add(method.toUpperCase(Locale.ROOT) + " " + full));
        }
        assertEquals(documented(), served);
    }

    @Test
    void theTestCatalogCoversEveryDocumentedEndpoint() throws Exception {
        Set<String> catalog = new TreeSet<>();
        ApiCatalog.endpoints().forEach(endpoint -> catalog.add(endpoint.method() + " "
                + endpoint.path().replaceAll("\\{[A-Za-z]+}", "{}")));
        Set<String> documented = new TreeSet<>();
        documented().forEach(endpoint -> documented.add(endpoint.replaceAll("\\{[A-Za-z]+}", "{}")));
        assertEquals(documented, catalog, "every endpoint belongs in ApiCatalog (access matrix and bad-input corpus)");
    }

    private static Set<String> documented() throws Exception {
        Set<String> documented = new TreeSet<>();
        Matcher endpoints = DOCUMENTED.matcher(Files.readString(Path.of(System.getProperty("famichat.it.apiDoc"))));
        while (endpoints.find()) {
            documented.add(endpoints.group(1) + " " + endpoints.group(2));
        }
        return documented;
    }

}

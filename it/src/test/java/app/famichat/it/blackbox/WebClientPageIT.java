package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Http;
import app.famichat.it.support.TestEnvironment;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web client as HTTP sees it (the browser tests, it/browser, see it work): its page at each route with a base
 * that climbs back to the root, its static files with their types, and the strict headers on every answer.
 */
class WebClientPageIT {

    private static Http http;

    @BeforeAll
    static void server() throws Exception {
        http = new Http(TestEnvironment.get().packagedServer().baseUrl());
    }

    @Test
    void everyRouteOfTheClientAnswersItsPageWithABaseBackToTheRoot() throws Exception {
        for (var route : List.of(List.of("/", "./"), List.of("/signin", "./"), List.of("/settings", "./"),
                List.of("/forgot", "./"), List.of("/guardians", "./"), List.of("/guardian-requests", "./"),
                List.of("/families", "./"), List.of("/families/0b6f5e4c-0000-4000-8000-000000000000", "../"),
                List.of("/c/0b6f5e4c-0000-4000-8000-000000000000", "../"), List.of("/invite/fi1_x0Vb3w8mQm2pPpZ0lJ7m4A", "../"),
                List.of("/safety/0b6f5e4c-0000-4000-8000-000000000000", "../"))) {
            HttpResponse<String> page = http.get(route.get(0));
            assertEquals(200, page.statusCode(), route.get(0));
            assertEquals("text/html;charset=UTF-8", page.headers().firstValue("Content-Type").orElse(""), route.get(0));
            assertTrue(page.body().contains("<base href=\"" + route.get(1) + "\">"), route.get(0));
            assertTrue(page.body().contains("<script type=\"module\" src=\"client/app.js\"></script>"), route.get(0));
        }
    }

    @Test
    void thePageCarriesNoInlineScriptOrStyle() throws Exception {
        String page = http.get("/").body();
        assertTrue(!page.contains("<script>") && !page.contains("<style") && !page.contains("style="), page);
    }

    @Test
    void staticFilesHaveTheirTypes() throws Exception {
        for (var file : List.of(List.of("/client/app.js", "text/javascript;charset=UTF-8"),
                List.of("/client/vendor/qrcode.mjs", "text/javascript;charset=UTF-8"),
                List.of("/client/app.css", "text/css;charset=UTF-8"), List.of("/client/icon.svg", "image/svg+xml"))) {
            HttpResponse<String> answer = http.get(file.get(0));
            assertEquals(200, answer.statusCode(), file.get(0));
            assertEquals(file.get(1), answer.headers().firstValue("Content-Type").orElse(""), file.get(0));
        }
    }

    @Test
    void strictHeadersOnThePageTheFilesAndTheApi() throws Exception {
        for (String path : List.of("/", "/c/0b6f5e4c-0000-4000-8000-000000000000", "/client/app.js", "/api/v1/me",
                "/no-such-page")) {
            HttpResponse<String> answer = http.get(path);
            String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.startsWith("default-src 'self'; script-src 'self'; style-src 'self';"), path + ": " + policy);
            assertTrue(policy.contains("frame-ancestors 'none'") && policy.contains("connect-src 'self'"), path + ": " + policy);
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("no-referrer", answer.headers().firstValue("Referrer-Policy").orElse(""), path);
        }
    }

    @Test
    void aPathThatIsNoRouteIsNotThePage() throws Exception {
        assertEquals(404, http.get("/no-such-page").statusCode());
        assertEquals(404, http.get("/WEB-INF/client/index.html").statusCode());
    }
}

package app.famichat.web.client;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The web client's one page, answered for each of its routes (docs/api.md, "Web client"), so that a route can be
 * bookmarked, reloaded and shared as a link ({@code /invite/{code}}). The page names its scripts and styles
 * relative to a {@code <base href>} that climbs back from the route to the application's root ({@code ../} from
 * {@code /c/{id}}): the client works unchanged behind a reverse proxy that serves it under a path of its own,
 * without being told that path.
 */
@WebServlet(name = "ClientPage", urlPatterns = {"", "/signin", "/signup", "/forgot", "/new", "/settings", "/guardians",
        "/guardian-requests", "/families", "/families/*", "/c/*", "/invite/*", "/safety/*"})
public class ClientPage extends HttpServlet {

    static final String TEMPLATE = "/WEB-INF/client/index.html";
    static final String BASE = "%BASE%";

    private String template;

    @Override
    public void init() throws ServletException {
        try (InputStream in = getServletContext().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new ServletException(TEMPLATE + " is missing from the WAR");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ServletException("Could not read " + TEMPLATE, e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        byte[] page = template.replace(BASE, base(path)).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    /**
     * The relative way from a route back to the application's root: {@code ./} from {@code /} or
     * {@code /settings}, {@code ../} from {@code /c/{id}}, one {@code ../} per further segment.
     */
    static String base(String path) {
        int depth = 0;
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                depth++;
            }
        }
        return depth == 0 ? "./" : "../".repeat(depth);
    }
}

package app.famichat.web.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page of the whole application (WEB-INF/web.xml): errors raised by the servlet container rather
 * than by a resource (an unknown path outside JAX-RS, a header Payara refuses, TRACE, an exception that escaped
 * every mapper) answer {@code application/problem+json} under {@code /api}, and a one-line text elsewhere,
 * never the container's HTML page with its product name.
 */
@WebServlet(name = "ErrorPages", urlPatterns = ErrorPages.PATH)
public class ErrorPages extends HttpServlet {

    static final String PATH = "/famichat-error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        int status = code instanceof Integer known ? known : HttpServletResponse.SC_NOT_FOUND; // called directly
        String path = uri instanceof String original ? original : request.getRequestURI();
        ProblemType type = ProblemType.forStatus(status);
        if (path.startsWith("/api/") || path.equals("/api")) {
            ServletProblems.write(response, new Problem(type.uri(), type.title(), status, null, null));
        } else {
            byte[] body = (status + " " + type.title() + "\n").getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType("text/plain;charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}

package app.famichat.web.problem;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a {@link Problem} from servlet code (filters, error pages), where no JAX-RS mapper runs. */
public final class ServletProblems {

    private ServletProblems() {
    }

    public static void write(HttpServletResponse response, Problem problem) throws IOException {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("type", problem.type())
                .add("title", problem.title())
                .add("status", problem.status());
        if (problem.detail() != null) {
            json.add("detail", problem.detail());
        }
        byte[] body = json.build().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

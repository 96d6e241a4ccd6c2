package app.famichat.it.support;

import java.io.IOException;
import java.util.Arrays;

/** One scrape of a server's {@code /metrics} (Prometheus text), read the way an alert rule reads it. */
public final class ScrapedMetrics {

    private final String text;

    private ScrapedMetrics(String text) {
        this.text = text;
    }

    public static ScrapedMetrics scrape(Http http) throws IOException, InterruptedException {
        var response = http.get("/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        return new ScrapedMetrics(response.body());
    }

    /**
     * The sample of {@code name} whose labels include every {@code label="value"} given (for example
     * {@code reason="server_error"}); 0 when there is none (a counter not yet created).
     */
    public double value(String name, String... labels) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(label -> labelsOf(line).contains(label)))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    public String text() {
        return text;
    }

    private static String labelsOf(String line) {
        int open = line.indexOf('{');
        return open < 0 || open > line.indexOf(' ') ? "" : line.substring(open, line.indexOf('}') + 1);
    }
}

package app.famichat.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alerting rules in {@code ops/prometheus}: {@code promtool check rules} and {@code promtool test rules}
 * (their unit tests) must pass, and every alert must carry what an operator needs (a {@code for}, a severity, a
 * summary, a runbook section that exists in docs/operations.md) and nothing about users.
 *
 * <p>promtool is the system's (Debian's {@code prometheus} package), found on the {@code PATH} or at the system
 * property {@code famichat.ops.promtool}. Without it the promtool tests are skipped, or fail when the environment
 * variable {@code CI} is {@code true} (as the browser tests do without Chromium: it/.../support/Browsers.java).
 */
class AlertRulesTest {

    private static final Path RULES_DIR = Path.of(System.getProperty("famichat.ops.prometheus", "prometheus"));
    private static final Path OPERATIONS_DOC = Path.of(System.getProperty("famichat.ops.operationsDoc",
            "../docs/operations.md"));
    private static final String RULES = "famichat-alerts.yml";
    private static final List<String> RULE_TESTS = List.of("famichat-alerts.test.yml", "famichat-alerts-daily.test.yml");
    private static final long TIMEOUT_SECONDS = 300;

    private static final String INSTALL_HINT = "On Debian/Ubuntu: sudo apt-get install prometheus (.ci/run installs"
            + " it; stop the prometheus service it may start), or point the system property famichat.ops.promtool"
            + " at a promtool 2.x.";

    /** The labels an annotation may show: the node and the metrics' fixed reasons and kinds, never user data. */
    private static final Set<String> LABELS_ANNOTATIONS_MAY_SHOW = Set.of("instance", "job", "reason", "kind");

    @Test
    void promtoolChecksTheRules() {
        String output = promtool("check", "rules", RULES);
        assertTrue(output.contains("SUCCESS"), output);
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() {
        List<String> arguments = new ArrayList<>(List.of("test", "rules"));
        arguments.addAll(RULE_TESTS);
        String output = promtool(arguments.toArray(String[]::new));
        assertEquals(RULE_TESTS.size(), count(output, "SUCCESS"), output);
    }

    @Test
    void everyAlertHasForSeveritySummaryAndARunbookSectionOfTheOperationsGuide() throws IOException {
        List<Alert> alerts = alerts();
        assertTrue(alerts.size() >= 10, "alerts found: " + alerts);
        Set<String> anchors = headingAnchors(Files.readString(OPERATIONS_DOC));
        for (Alert alert : alerts) {
            assertTrue(alert.text().contains("\n        for: "), alert.name() + " has no for:");
            assertTrue(alert.text().matches("(?s).*\\n          severity: (critical|warning|info)\\n.*"),
                    alert.name() + " has no severity critical, warning or info");
            assertTrue(alert.text().contains("\n          summary: "), alert.name() + " has no summary");
            String runbook = "docs/operations.md#" + alert.name().toLowerCase(Locale.ROOT);
            assertTrue(alert.text().contains("\n          runbook: \"" + runbook + "\""),
                    alert.name() + " has no runbook annotation " + runbook);
            assertTrue(anchors.contains(alert.name().toLowerCase(Locale.ROOT)),
                    alert.name() + ": docs/operations.md has no section \"" + alert.name() + "\"");
        }
    }

    @Test
    void annotationsShowOnlyTheNodeReasonsKindsAndFigures() throws IOException {
        Matcher label = Pattern.compile("\\$labels\\.([A-Za-z_]+)").matcher(Files.readString(RULES_DIR.resolve(RULES)));
        while (label.find()) {
            assertTrue(LABELS_ANNOTATIONS_MAY_SHOW.contains(label.group(1)), "an annotation shows " + label.group());
        }
    }

    @Test
    void everyAlertIsNamedInTheUnitTests() throws IOException {
        String tests = RULE_TESTS.stream().map(name -> read(RULES_DIR.resolve(name))).collect(Collectors.joining());
        for (Alert alert : alerts()) {
            assertTrue(tests.contains("alertname: " + alert.name() + "\n")
                    || tests.contains("alertname: " + alert.name() + " "), alert.name() + " is not tested");
        }
    }

    private record Alert(String name, String text) {
    }

    /** Each {@code - alert:} entry of the rule file with its text up to the next rule. */
    private static List<Alert> alerts() throws IOException {
        String rules = Files.readString(RULES_DIR.resolve(RULES));
        String[] parts = rules.split("\n(?=      - alert: )|\n(?=  - name: )");
        return Stream.of(parts).filter(part -> part.startsWith("      - alert: "))
                .map(part -> new Alert(part.substring("      - alert: ".length(), part.indexOf('\n')).strip(),
                        part + "\n"))
                .toList();
    }

    /** GitHub's anchors of the Markdown headings: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> headingAnchors(String markdown) {
        return markdown.lines().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    /** Runs promtool in the rules' directory; returns its output, and fails with it unless it exits 0. */
    private static String promtool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(promtoolPath().toString());
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream stdout = process.getInputStream()) {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(stdout));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                Assertions.fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS
                        + " s; its output:\n" + output.getNow("(none)"));
            }
            String text = output.join();
            System.out.println("[alert rules] " + String.join(" ", command) + " (in " + RULES_DIR + "):\n" + text);
            assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    /** promtool from the system property, else from the PATH; skips the test (fails it under CI=true) without one. */
    private static Path promtoolPath() {
        String configured = System.getProperty("famichat.ops.promtool");
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .filter(directory -> !directory.isEmpty())
                        .map(directory -> Path.of(directory, "promtool")).toList();
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "The alert rules' tests need promtool, and "
                + (configured != null ? configured + " is missing. " : "it is not on the PATH. ") + INSTALL_HINT;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: failing instead of skipping)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(String text, String word) {
        return text.split(Pattern.quote(word), -1).length - 1;
    }
}

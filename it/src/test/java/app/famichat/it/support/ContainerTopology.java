package app.famichat.it.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * docker/compose.yaml run by podman-compose as compose project {@value #PROJECT}: the images built by
 * docker/build-images.sh from the local base, secrets made by docker/make-secrets.sh in the test's work directory
 * (where a copy of compose.yaml finds them), the proxy published on a free port of 127.0.0.1. The network is
 * created first with the subnet compose.yaml names (podman-compose 1.0.3 ignores a network's {@code ipam}), and
 * removed at {@link #down()} (its {@code down} leaves networks).
 */
public final class ContainerTopology implements AutoCloseable {

    public static final String PROJECT = "famichat-it";
    static final String NETWORK = PROJECT + "_default";
    private static final Pattern SUBNET = Pattern.compile("(?m)^\\s+- subnet: (\\S+)$");
    private static final String PROJECT_LABEL = "label=io.podman.compose.project=" + PROJECT;
    private static final Duration COMMAND = Duration.ofMinutes(3);

    private final Podman podman;
    private final Path composeFile;
    private final Path secrets;
    private final int port;
    private boolean up;

    private ContainerTopology(Podman podman, Path composeFile, Path secrets, int port) {
        this.podman = podman;
        this.composeFile = composeFile;
        this.secrets = secrets;
        this.port = port;
    }

    /** The images' sizes and the build's times, as build-images.sh printed them. */
    public record Build(String imagesLine, Duration took) {
    }

    /**
     * Builds the four images with {@code docker/build-images.sh --local-base}: the debootstrap base is made once and
     * cached (in {@code ~/.cache/famichat}), the engine's layer cache makes a rebuild without changes take seconds.
     */
    public static Build buildImages(Podman podman, Path docker, Path artemisDistribution) {
        long started = System.nanoTime();
        String output = Podman.ok(podman.program(List.of(docker.resolve("build-images.sh").toString(), "--local-base"),
                Map.of("ARTEMIS_TGZ", artemisDistribution.toString()), Duration.ofMinutes(30)), "build-images.sh");
        String images = output.lines().filter(line -> line.startsWith("[images] famichat=")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("build-images.sh printed no sizes:\n" + output));
        return new Build(images, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Removes whatever an earlier, killed run left of the project (containers, volumes, network). */
    public static void removeLeftovers(Podman podman) {
        for (String id : ids(podman.podmanOk(COMMAND, "ps", "-a", "-q", "--filter", PROJECT_LABEL))) {
            podman.podman(COMMAND, "rm", "-f", "-v", id);
        }
        for (String volume : ids(podman.podmanOk(COMMAND, "volume", "ls", "-q", "--filter", PROJECT_LABEL))) {
            podman.podman(COMMAND, "volume", "rm", "-f", volume);
        }
        if (podman.podman(COMMAND, "network", "exists", NETWORK).ok()) {
            podman.podmanOk(COMMAND, "network", "rm", "-f", NETWORK);
        }
    }

    /** Copies compose.yaml into {@code work}, makes the secrets next to it, starts the project (not yet ready). */
    public static ContainerTopology up(Podman podman, Path docker, Path work) throws IOException {
        Files.createDirectories(work);
        Path composeFile = Files.copy(docker.resolve("compose.yaml"), work.resolve("compose.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        Path secrets = work.resolve("secrets");
        Directories.delete(secrets);
        Podman.ok(podman.program(List.of(docker.resolve("make-secrets.sh").toString(), secrets.toString()), Map.of(),
                COMMAND), "make-secrets.sh");
        Matcher subnet = SUBNET.matcher(Files.readString(composeFile));
        Assertions.assertTrue(subnet.find(), "compose.yaml names its network's subnet");
        ContainerTopology topology = new ContainerTopology(podman, composeFile, secrets, FreePorts.find());
        topology.up = true;
        podman.podmanOk(COMMAND, "network", "create", "--subnet", subnet.group(1), NETWORK);
        Podman.ok(topology.compose("up", "-d"), "podman-compose up");
        return topology;
    }

    private Podman.Result compose(String... args) {
        return podman.compose(composeFile, PROJECT, Map.of("FAMICHAT_HTTPS_PORT", Integer.toString(port)), COMMAND,
                args);
    }

    /** The proxy's address: {@code https://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "https://127.0.0.1:" + port;
    }

    /** A client that trusts the proxy's certificate (made by make-secrets.sh), and nothing else. */
    public HttpClient client() throws IOException, GeneralSecurityException {
        return TrustedCertificate.httpClient(secrets.resolve("tls.crt"));
    }

    /** podman-compose's name of a service's container. */
    public static String container(String service) {
        return PROJECT + "_" + service + "_1";
    }

    /**
     * Whether a service's container answers its image's HEALTHCHECK now. Run by hand: podman runs health checks
     * on a schedule only through systemd timers, which a container without systemd (this test machine) lacks.
     */
    public boolean healthy(String service) {
        return podman.podman(COMMAND, "healthcheck", "run", container(service)).ok();
    }

    /** Whether the proxy's last word about a node (its log: "Server famichat/node-a is UP"/"DOWN") is UP. */
    public boolean proxyRoutesTo(String node) {
        String log = podman.podmanOk(COMMAND, "logs", container("proxy"));
        String last = null;
        Matcher state = Pattern.compile("Server famichat/" + Pattern.quote(node) + " is (UP|DOWN)").matcher(log);
        while (state.find()) {
            last = state.group(1);
        }
        return "UP".equals(last);
    }

    /** SQL run by psql inside the PostgreSQL container, as its superuser (Unix socket, peer authentication). */
    public List<String> sql(String query) {
        return podman.podmanOk(COMMAND, "exec", "--user", "postgres", container("postgres"), "psql", "-d", "famichat",
                "-At", "-v", "ON_ERROR_STOP=1", "-c", query).lines().toList();
    }

    /** {@code podman kill} (SIGKILL) of a service's container. */
    public void kill(String service) {
        podman.podmanOk(COMMAND, "kill", container(service));
    }

    public String logs(String service) {
        return podman.podman(COMMAND, "logs", container(service)).output();
    }

    /** podman-compose down with the volumes, then the network it leaves. */
    public void down() {
        if (!up) {
            return;
        }
        up = false;
        Podman.ok(compose("down", "-v"), "podman-compose down");
        Podman.ok(podman.podman(COMMAND, "network", "rm", NETWORK), "podman network rm " + NETWORK);
    }

    /** What is left of the project: containers, pods, volumes, the network (each a line; empty when nothing). */
    public static List<String> remains(Podman podman) {
        List<String> left = new ArrayList<>();
        ids(podman.podmanOk(COMMAND, "ps", "-a", "--format", "container {{.Names}} {{.Status}}", "--filter",
                PROJECT_LABEL)).forEach(left::add);
        ids(podman.podmanOk(COMMAND, "pod", "ps", "--format", "pod {{.Name}}", "--filter", PROJECT_LABEL))
                .forEach(left::add);
        ids(podman.podmanOk(COMMAND, "volume", "ls", "--format", "volume {{.Name}}", "--filter", PROJECT_LABEL))
                .forEach(left::add);
        ids(podman.podmanOk(COMMAND, "network", "ls", "--format", "network {{.Name}}")).stream()
                .filter(line -> line.equals("network " + NETWORK)).forEach(left::add);
        return left;
    }

    private static List<String> ids(String output) {
        return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** Brings the project down if still up (a failed test), and removes any leftovers. */
    @Override
    public void close() {
        try {
            down();
        } finally {
            removeLeftovers(podman);
        }
    }
}

package app.famichat.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A Payara Server 6.2025.9 (full profile) domain of its own, from the zip
 * {@code fish.payara.distributions:payara:6.2025.9:zip}, listening on 127.0.0.1 only.
 *
 * <pre>
 * try (PayaraServerFull payara = PayaraServerFull.createDomain(payaraHome, workDir)) {
 *     payara.addLibJar(postgresqlJar).addJvmOption("-Djava.library.path=/x").start();
 *     payara.deploy(rar);              // a .rar first: applications refer to it by name
 *     payara.asadmin("create-resource-adapter-config", "--property", "EmbeddedBroker=false", "famichat-ra");
 *     payara.deploy(ear);
 *     poll payara.baseUrl() + "/..." until it answers (this class does not know the application)
 * }
 * </pre>
 *
 * <p>Measured on a 2-core Linux box, Java 17: unzip 1.4 s; create-domain 13.6-14.2 s (it generates two key
 * pairs); start-domain 5.3-7.8 s; deploy of a tiny RAR 2.6 s, of a tiny JAX-RS WAR 1.8-2.6 s; other asadmin
 * commands 0.6-0.9 s each (one client JVM per command); stop-domain 2.5-3.4 s.
 * Domain JVM RSS: about 390 MB after start, 460 MB with the small WAR ({@code -Xmx512m} is the domain default).
 *
 * <p>Why {@code domain.xml} is edited before the first start instead of {@code asadmin set}: those settings need a
 * restart (another 8+ s), and the first start would already bind every port on 0.0.0.0 and could phone home.
 * The attribute names below are the ones asadmin itself writes ({@code set-hazelcast-configuration},
 * {@code disable-phone-home}, {@code set ...address=127.0.0.1}); after start, {@code ss -ltnp} shows only
 * 127.0.0.1: HTTP, HTTPS, admin, IIOP (lazy) and JMX; no Hazelcast, no OpenMQ port.
 */
public final class PayaraServerFull implements AutoCloseable {

    private static final String DOMAIN = "famichat";
    private static final String LOOPBACK = "127.0.0.1";
    /** Ports Payara derives from --portbase: debug, IIOP x3, admin, Hazelcast DAS, Hazelcast start, OSGi shell, JMS, HTTP, HTTPS, JMX. */
    private static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86};
    private static final long CREATE_TIMEOUT_S = 300, START_TIMEOUT_S = 600, DEPLOY_TIMEOUT_S = 600,
            COMMAND_TIMEOUT_S = 300, STOP_TIMEOUT_S = 120;
    private static final AtomicInteger COMMANDS = new AtomicInteger(); // numbers the asadmin log files

    private final Path payaraHome;
    private final Path workDir;
    private final Path domainDir;
    private final int httpPort;
    private final int adminPort;
    private long pid = -1;
    private Thread killOnExit;

    private PayaraServerFull(Path payaraHome, Path workDir) {
        this.payaraHome = payaraHome;
        this.workDir = workDir;
        this.domainDir = workDir.resolve("domains").resolve(DOMAIN);
        Element config = serverConfig(readDomainXml());
        this.httpPort = listenerPort(config, "http-listener-1");
        this.adminPort = listenerPort(config, "admin-listener");
    }

    /**
     * Creates a fresh domain in {@code workDir/domains/famichat} (an old one there is deleted) on a free port base,
     * and configures it for loopback only, no Hazelcast, no phone home, no OpenMQ. Does not start it.
     *
     * @param payaraHome the unpacked zip: either the {@code payara6} directory or the directory containing it
     */
    public static PayaraServerFull createDomain(Path payaraHome, Path workDir) {
        Path home = resolveHome(payaraHome);
        Path work = workDir.toAbsolutePath();
        Path domains = work.resolve("domains");
        Directories.delete(domains.resolve(DOMAIN));
        try {
            Files.createDirectories(domains);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int portBase = FreePorts.findBase(PORT_OFFSETS);
        run(home, work, CREATE_TIMEOUT_S, "create-domain", List.of("create-domain", "--nopassword=true",
                "--savelogin=false", "--domaindir", domains.toString(), "--portbase", String.valueOf(portBase), DOMAIN));
        PayaraServerFull server = new PayaraServerFull(home, work);
        server.editDomainXml(PayaraServerFull::loopbackOnly);
        return server;
    }

    /** Copies a jar into the domain's {@code lib/} (common class loader: JDBC drivers, native-library loaders). Before {@link #start()}. */
    public PayaraServerFull addLibJar(Path jar) {
        requireStopped();
        try {
            Files.copy(jar, domainDir.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Puts a directory first on the server's {@code java.library.path}. Payara's launcher builds that property
     * itself from java-config's native-library-path attributes and ignores a {@code -Djava.library.path} option.
     * Before {@link #start()}.
     */
    public PayaraServerFull prependNativeLibraryPath(Path directory) {
        requireStopped();
        editDomainXml(doc -> child(serverConfig(doc), "java-config").orElseThrow()
                .setAttribute("native-library-path-prefix", directory.toAbsolutePath().toString()));
        return this;
    }

    /**
     * Adds a JVM option to the server, e.g. {@code -Djava.library.path=...} or {@code -Xmx1g}. An option for the same
     * {@code -D} property or {@code -Xmx/-Xms/-Xss} replaces the existing one (the domain has {@code -Xmx512m}):
     * the launcher does not keep domain.xml's order, so "the last one wins" cannot be relied on. Before {@link #start()}.
     */
    public PayaraServerFull addJvmOption(String option) {
        requireStopped();
        String key = jvmOptionKey(option);
        editDomainXml(doc -> {
            Element javaConfig = child(serverConfig(doc), "java-config").orElseThrow();
            NodeList existing = javaConfig.getElementsByTagName("jvm-options");
            for (int i = existing.getLength() - 1; i >= 0; i--) {
                if (key.equals(jvmOptionKey(existing.item(i).getTextContent().trim()))) {
                    javaConfig.removeChild(existing.item(i));
                }
            }
            Element opt = doc.createElement("jvm-options");
            opt.setTextContent(option);
            javaConfig.appendChild(opt);
        });
        return this;
    }

    private static String jvmOptionKey(String option) {
        if (option.startsWith("-D")) {
            int eq = option.indexOf('=');
            return eq < 0 ? option : option.substring(0, eq);
        }
        return option.matches("-X(mx|ms|ss).*") ? option.substring(0, 4) : option;
    }

    /** asadmin start-domain: returns once the server is up (applications deployed later are the caller's to poll). */
    public synchronized PayaraServerFull start() {
        if (isRunning()) {
            return this;
        }
        List<String> startDomain = List.of("start-domain", "--domaindir", domainDir.getParent().toString(), DOMAIN);
        try {
            run(payaraHome, workDir, START_TIMEOUT_S, "start-domain", startDomain);
        } catch (IllegalStateException failed) {
            // Payara 6.2025.9 sometimes dies in its own start-up (a ConcurrentModificationException in its metrics
            // service's post-construct, before any application is involved, seen once in about ten starts on a
            // loaded machine): a second start of the same domain is the workaround.
            System.err.println("start-domain failed, starting once more: " + failed.getMessage());
            run(payaraHome, workDir, START_TIMEOUT_S, "start-domain", startDomain);
        }
        try {
            pid = Long.parseLong(Files.readString(domainDir.resolve("config/pid")).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("domain started but no readable config/pid", e);
        }
        long serverPid = pid;
        // start-domain detaches the server, so it is no child of ours: kill it by pid if the test JVM dies
        killOnExit = new Thread(() -> ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(killOnExit);
        return this;
    }

    /**
     * asadmin deploy (forced redeploy if the name exists). A {@code .rar} gets {@code --type rar}. The name is the
     * file name without extension; for a WAR it is also the context root unless {@code extraOptions} says otherwise.
     *
     * @return the application name
     */
    public String deploy(File archive, String... extraOptions) {
        String file = archive.getName();
        String name = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        List<String> args = new ArrayList<>(List.of("deploy", "--force=true", "--name", name));
        if (file.endsWith(".rar")) {
            args.addAll(List.of("--type", "rar"));
        }
        args.addAll(List.of(extraOptions));
        args.add(archive.getAbsolutePath());
        remote(DEPLOY_TIMEOUT_S, args);
        return name;
    }

    /** asadmin undeploy; {@code --cascade=true} also removes resources that depend on a resource adapter. */
    public void undeploy(String name) {
        asadmin("undeploy", "--cascade=true", name);
    }

    /**
     * Any remote asadmin subcommand against this domain, e.g.
     * {@code asadmin("create-resource-adapter-config", "--property", "A=b:C=d", "famichat-ra")}.
     * Values with ':' must be escaped as asadmin wants ({@code \\:}).
     *
     * @return the command's output; throws if asadmin exits non-zero
     */
    public String asadmin(String... subcommandAndArgs) {
        return remote(COMMAND_TIMEOUT_S, List.of(subcommandAndArgs));
    }

    private String remote(long timeoutSeconds, List<String> subcommandAndArgs) {
        if (!isRunning()) {
            throw new IllegalStateException("domain not running");
        }
        List<String> args = new ArrayList<>(List.of("--host", LOOPBACK, "--port", String.valueOf(adminPort),
                "--user", "admin", "--interactive=false")); // admin has no password (--nopassword)
        args.addAll(subcommandAndArgs);
        return run(payaraHome, workDir, timeoutSeconds, subcommandAndArgs.get(0), args);
    }

    /** asadmin stop-domain; if the server outlives it, kill it by pid and wait for it to exit. */
    public synchronized void stop() {
        if (pid < 0) {
            return;
        }
        try {
            run(payaraHome, workDir, STOP_TIMEOUT_S, "stop-domain",
                    List.of("stop-domain", "--domaindir", domainDir.getParent().toString(), DOMAIN));
        } catch (RuntimeException stopFailed) {
            System.err.println("stop-domain failed, killing pid " + pid + ": " + stopFailed.getMessage());
        }
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                if (!p.onExit().isDone()) {
                    p.destroy();
                    p.onExit().get(30, TimeUnit.SECONDS);
                }
            } catch (Exception termIgnored) {
                p.destroyForcibly();
                p.onExit().join();
            }
        });
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // nothing to undo
        }
        pid = -1;
    }

    @Override
    public void close() {
        stop();
    }

    public int httpPort() { return httpPort; }
    public int adminPort() { return adminPort; }
    /** {@code http://127.0.0.1:<httpPort>}, no trailing slash. */
    public String baseUrl() { return "http://" + LOOPBACK + ":" + httpPort; }
    public Path domainDirectory() { return domainDir; }
    public Path serverLog() { return domainDir.resolve("logs/server.log"); }
    public long pid() { return pid; }
    public boolean isRunning() { return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); }

    /** Resident set size of the server JVM in KiB (Linux /proc), e.g. to watch native memory; empty if unknown. */
    public OptionalLong residentSetKb() {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** What makes the domain private to this machine and quiet. */
    private static void loopbackOnly(Document doc) {
        Element config = serverConfig(doc);
        for (String tag : List.of("network-listener", "iiop-listener", "jmx-connector")) {
            NodeList nodes = config.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                ((Element) nodes.item(i)).setAttribute("address", LOOPBACK);
            }
        }
        // Hazelcast (clustering, which a single DAS does not need): off; and should it ever be on, never advertise
        // the machine's non-loopback address (the pitfall seen on Payara Micro)
        Element hz = childOrNew(config, "hazelcast-config-specific-configuration");
        hz.setAttribute("enabled", "false");
        hz.setAttribute("public-address", LOOPBACK);
        Element hzRuntime = childOrNew(doc.getDocumentElement(), "hazelcast-runtime-configuration");
        hzRuntime.setAttribute("das-bind-address", LOOPBACK);
        hzRuntime.setAttribute("das-public-address", LOOPBACK);
        hzRuntime.setAttribute("interface", LOOPBACK);
        // what asadmin disable-phone-home writes; --disablephonehome exists on Micro only
        childOrNew(config, "phone-home-runtime-configuration").setAttribute("enabled", "false");
        // The built-in OpenMQ broker is unused (Famichat brings its own Artemis RAR); its lazy JMS proxy listener would
        // bind 0.0.0.0:portbase+76. A new domain's server-config has no <jms-service> (Payara adds an EMBEDDED one at
        // first start), so write the element Payara would add, with type DISABLED.
        Element jms = childOrNew(config, "jms-service");
        jms.setAttribute("type", "DISABLED");
        jms.setAttribute("default-jms-host", "default_JMS_host");
        if (child(jms, "jms-host").isEmpty()) {
            Element host = (Element) jms.appendChild(doc.createElement("jms-host"));
            host.setAttribute("name", "default_JMS_host");
            host.setAttribute("host", LOOPBACK);
            host.setAttribute("port", "${JMS_PROVIDER_PORT}");
        }
    }

    private static int listenerPort(Element config, String name) {
        NodeList nodes = config.getElementsByTagName("network-listener");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (name.equals(e.getAttribute("name"))) {
                return Integer.parseInt(e.getAttribute("port"));
            }
        }
        throw new IllegalStateException("no network-listener " + name + " in domain.xml");
    }

    private Document readDomainXml() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(domainDir.resolve("config/domain.xml").toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read domain.xml", e);
        }
    }

    private void editDomainXml(java.util.function.Consumer<Document> edit) {
        Document doc = readDomainXml();
        edit.accept(doc);
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(doc), new StreamResult(domainDir.resolve("config/domain.xml").toFile()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write domain.xml", e);
        }
    }

    private static Element serverConfig(Document doc) {
        NodeList configs = doc.getElementsByTagName("config");
        for (int i = 0; i < configs.getLength(); i++) {
            Element c = (Element) configs.item(i);
            if ("server-config".equals(c.getAttribute("name"))) {
                return c;
            }
        }
        throw new IllegalStateException("no server-config in domain.xml");
    }

    private static Optional<Element> child(Element parent, String tag) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getTagName())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static Element childOrNew(Element parent, String tag) {
        return child(parent, tag).orElseGet(() -> (Element) parent.appendChild(parent.getOwnerDocument().createElement(tag)));
    }

    private void requireStopped() {
        if (isRunning()) {
            throw new IllegalStateException("only before start(): the running server owns domain.xml and lib/");
        }
    }

    /**
     * Runs asadmin with the test JVM's Java; output goes to a file of its own under {@code workDir/asadmin/}
     * (not a pipe: the server that start-domain spawns must not hold a pipe we wait on).
     */
    private static String run(Path home, Path work, long timeoutSeconds, String label, List<String> args) {
        try {
            Path logDir = Files.createDirectories(work.resolve("asadmin"));
            Path log = logDir.resolve(String.format("%03d-%s.log", COMMANDS.incrementAndGet(), label));
            List<String> cmd = new ArrayList<>(List.of("sh", home.resolve("bin/asadmin").toString()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AS_ADMIN_")); // inherited AS_ADMIN_PORT etc. would redirect us
            env.put("AS_JAVA", System.getProperty("java.home")); // else asadmin (and the server) use `java` on PATH
            Process p = pb.start();
            p.getOutputStream().close(); // never wait for a password prompt
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (!done || p.exitValue() != 0) {
                throw new IllegalStateException("asadmin " + String.join(" ", args)
                        + (done ? " failed (exit " + p.exitValue() + ")" : " timed out") + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path resolveHome(Path dir) {
        Path d = dir.toAbsolutePath();
        if (Files.isRegularFile(d.resolve("bin/asadmin"))) {
            return d;
        }
        if (Files.isRegularFile(d.resolve("payara6/bin/asadmin"))) { // the zip's top directory
            return d.resolve("payara6");
        }
        throw new IllegalArgumentException("no Payara distribution (bin/asadmin) in " + d);
    }
}

package app.famichat.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link LocalUserProbe} as the unprivileged OS user {@code nobody} ({@code setpriv}, which needs root: the
 * tests that use it are skipped otherwise). The probe's class is copied to a directory everyone may read: the
 * build's own directories may lie where {@code nobody} cannot go.
 */
final class AsOtherUser {

    private static Path classes;

    private AsOtherUser() {
    }

    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    static String probe(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Xshare:off", "-cp", readableClasses().toString(), LocalUserProbe.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("/").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the probe did not finish: " + command);
        }
        return new String(process.getInputStream().readAllBytes()).trim();
    }

    private static synchronized Path readableClasses() throws Exception {
        if (classes == null) {
            String resource = LocalUserProbe.class.getName().replace('.', '/') + ".class";
            Path root = Files.createTempDirectory("famichat-probe-");
            Path file = root.resolve(resource);
            Files.createDirectories(file.getParent());
            try (var in = LocalUserProbe.class.getClassLoader().getResourceAsStream(resource)) {
                Files.copy(in, file);
            }
            try (var all = Files.walk(root)) {
                for (Path path : all.toList()) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                            Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            classes = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    PayaraMicroServer.deleteRecursively(root);
                } catch (java.io.IOException ignored) {
                    // a temporary directory left behind
                }
            }));
        }
        return classes;
    }
}

package app.famichat.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link LocalUserProbe} as the unprivileged OS user {@code nobody} ({@code setpriv}, which needs root: the
 * tests that use it are skipped otherwise). Its class comes from the test classes directory, which must be
 * readable by everyone (it is, under the build's default umask).
 */
final class AsOtherUser {

    private AsOtherUser() {
    }

    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    static String probe(String... arguments) throws Exception {
        Path classes = Path.of(LocalUserProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Xshare:off", "-cp", classes.toString(), LocalUserProbe.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("/").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the probe did not finish: " + command);
        }
        return new String(process.getInputStream().readAllBytes()).trim();
    }
}

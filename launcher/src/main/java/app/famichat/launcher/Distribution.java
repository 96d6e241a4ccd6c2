package app.famichat.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The assembled {@code launcher/target/famichat/} directory: Payara Micro, what it deploys and what goes on its
 * class path.
 */
public record Distribution(Path home) {

    public static Distribution ofLauncherJar() {
        try {
            Path jar = Path.of(Famichat.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new Distribution(jar.getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Distribution {
        home = home.toAbsolutePath().normalize();
        if (!Files.isRegularFile(home.resolve("payara-micro.jar"))) {
            throw new IllegalStateException("Not a Famichat distribution (no payara-micro.jar): " + home
                    + ". Build it with: mvn -DskipTests package");
        }
    }

    public Path payaraMicroJar() {
        return home.resolve("payara-micro.jar");
    }

    public Path war() {
        return home.resolve("deploy/famichat.war");
    }

    public Path resourceAdapter() {
        return home.resolve("deploy/famichat-jms.rar");
    }

    /** The static pre-boot commands (from {@code resources/src/main/payara}). */
    public Path preBootCommands() {
        return home.resolve("config/pre-boot.asadmin");
    }

    /** libsignal (without native libraries) and its Kotlin runtime, for the server's class path. */
    public Path serverLibraries() {
        return home.resolve("server-lib");
    }

    /** The production libsignal JNI library, for java.library.path. */
    public Path nativeLibraries() {
        return home.resolve("native");
    }
}

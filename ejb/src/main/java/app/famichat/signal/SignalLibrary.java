package app.famichat.signal;

import app.famichat.platform.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.signal.libsignal.protocol.IdentityKeyPair;

/**
 * Facts about the libsignal native library in this JVM. libsignal must come from the server's class path (a
 * native library loads in one class loader per JVM) with the production JNI library, never the 140 MB testing
 * build that the Maven jar prefers.
 */
public final class SignalLibrary {

    private SignalLibrary() {
    }

    /** Loads the native library if needed by doing the cheapest real operation; throws if it cannot load. */
    public static void ensureLoaded() {
        IdentityKeyPair.generate();
    }

    public static String version() {
        return BuildInfo.libsignalVersion();
    }

    /**
     * True when libsignal comes from outside the application (the server class path), as it must: Payara (Micro
     * and Server) unpacks deployed applications under an {@code applications} directory, so a jar found there
     * is one the application carries.
     */
    public static boolean onServerClassPath() {
        return location().map(path -> !path.contains("/applications/")).orElse(false);
    }

    /** Where libsignal's classes were loaded from. */
    public static Optional<String> location() {
        var source = IdentityKeyPair.class.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null
                ? Optional.empty()
                : Optional.of(source.getLocation().getPath());
    }

    /** File name of the loaded JNI library as the kernel maps it (Linux), e.g. {@code libsignal_jni.so}. */
    public static Optional<String> loadedNativeLibrary() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(maps)) {
            return lines.filter(line -> line.contains("signal_jni"))
                    .map(line -> Path.of(line.substring(line.indexOf('/'))).getFileName().toString())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static boolean isTestingBuild() {
        return loadedNativeLibrary().map(name -> name.contains("testing")).orElse(false);
    }
}

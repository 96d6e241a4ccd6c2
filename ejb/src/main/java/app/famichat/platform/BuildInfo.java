package app.famichat.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions this build was compiled against, written into {@code build.properties} by Maven. */
public final class BuildInfo {

    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    public static String famichatVersion() {
        return PROPERTIES.getProperty("famichat.version", "unknown");
    }

    public static String libsignalVersion() {
        return PROPERTIES.getProperty("libsignal.version", "unknown");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}

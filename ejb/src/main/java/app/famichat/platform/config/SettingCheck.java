package app.famichat.platform.config;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * The one way a settings bean refuses a value: each feature's {@code *Settings} bean reads its MicroProfile Config
 * keys and checks them in its {@code @PostConstruct} with these methods, so that a bad value stops the deployment
 * with a message naming the key, the rule and the value. The message is logged here as well: Payara reports only
 * "Unable to invoke check()" and drops the reason. Values checked here are configuration, never secrets: a secret
 * setting is checked with {@link #require} and a message that does not repeat it.
 */
public final class SettingCheck {

    private static final Logger LOG = Logger.getLogger(SettingCheck.class.getName());

    private SettingCheck() {
    }

    /** Refuses the deployment with {@code message} unless {@code holds}. */
    public static void require(boolean holds, String message) {
        if (!holds) {
            LOG.severe(message);
            throw new IllegalStateException(message);
        }
    }

    /** {@code value}, if {@code min <= value <= max}. */
    public static int between(String key, int value, int min, int max) {
        require(value >= min && value <= max, key + " must be between " + min + " and " + max + ", not " + value);
        return value;
    }

    /** {@code value}, if it is at least {@code min}. */
    public static int atLeast(String key, int value, int min) {
        require(value >= min, key + " must be at least " + min + ", not " + value);
        return value;
    }

    /** {@code value}, if it is at least {@code min}. */
    public static long atLeast(String key, long value, long min) {
        require(value >= min, key + " must be at least " + min + ", not " + value);
        return value;
    }

    /** {@code value}, if it is at least {@code min}. */
    public static Duration atLeast(String key, Duration value, Duration min) {
        require(value.compareTo(min) >= 0, key + " must be at least " + min + ", not " + value);
        return value;
    }
}

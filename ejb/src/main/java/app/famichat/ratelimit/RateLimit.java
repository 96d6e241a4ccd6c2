package app.famichat.ratelimit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "N per window", written as {@code N/ISO-8601-duration}, e.g. {@code 20/PT10S}. */
record RateLimit(int permits, Duration window) {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(P\\S+)\\s*");

    public RateLimit {
        if (permits < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A rate limit needs at least 1 permit per positive window");
        }
    }

    public static RateLimit parse(String text) {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Rate limit '" + text + "' is not N/ISO-8601 duration (e.g. 20/PT10S)");
        }
        return new RateLimit(Integer.parseInt(matcher.group(1)), Duration.parse(matcher.group(2)));
    }

    @Override
    public String toString() {
        return permits + "/" + window;
    }
}

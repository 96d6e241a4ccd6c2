package app.famichat.accounts;

import app.famichat.platform.errors.FamichatException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The username and password rules (documented in docs/api.md). */
public final class Credentials {

    /** 3-32 characters of a-z, 0-9, '.', '_', '-', starting and ending with a letter or digit. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{1,30})[a-z0-9]");

    public static final int MIN_PASSWORD = 10;
    public static final int MAX_PASSWORD = 256;

    private Credentials() {
    }

    /** Usernames are case-insensitive: stored and compared in lower case. */
    public static String canonicalUsername(String username) {
        if (username == null) {
            throw FamichatException.invalid("username", "is required");
        }
        String canonical = username.toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(canonical).matches()) {
            throw FamichatException.invalid("username",
                    "must be 3-32 characters of a-z, 0-9, '.', '_', '-', starting and ending with a letter or digit");
        }
        return canonical;
    }

    /** True when a (lower-case) name follows the username rules. */
    public static boolean isWellFormedUsername(String canonical) {
        return canonical != null && USERNAME.matcher(canonical).matches();
    }

    /** The password rules, for registration and a password change; {@code field} names the JSON field at fault. */
    public static void checkPassword(String field, String password, String canonicalUsername) {
        if (password == null) {
            throw FamichatException.invalid(field, "is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw FamichatException.invalid(field,
                    "must be " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters");
        }
        if (password.chars().anyMatch(c -> c == 0 || Character.isSurrogate((char) c) && !validSurrogates(password))) {
            throw FamichatException.invalid(field, "contains NUL or an unpaired surrogate");
        }
        if (password.toLowerCase(Locale.ROOT).equals(canonicalUsername)) {
            throw FamichatException.invalid(field, "must differ from the username");
        }
    }

    private static boolean validSurrogates(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}

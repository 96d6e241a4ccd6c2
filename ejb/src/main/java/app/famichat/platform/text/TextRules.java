package app.famichat.platform.text;

import app.famichat.platform.errors.FamichatException;
import java.text.Normalizer;
import java.util.Optional;

/**
 * Rules for human-visible text (display names, family and group titles). Text is NFC-normalized; control
 * characters (NUL included), unpaired surrogates, bidirectional overrides and isolates (which can make a name
 * display as someone else's) and other invisible format characters are refused; the zero-width joiner stays
 * allowed for emoji sequences.
 */
public final class TextRules {

    private TextRules() {
    }

    /** The normalized text, or the reason it is refused. */
    public static Result name(String text, int maxCodePoints) {
        if (text == null) {
            return Result.refused("is required");
        }
        if (hasUnpairedSurrogate(text)) {
            return Result.refused("contains an unpaired surrogate");
        }
        String normalized = Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
        if (normalized.isEmpty()) {
            return Result.refused("must not be blank");
        }
        int length = normalized.codePointCount(0, normalized.length());
        if (length > maxCodePoints) {
            return Result.refused("must be at most " + maxCodePoints + " characters");
        }
        Optional<String> bad = normalized.codePoints().mapToObj(TextRules::problem)
                .flatMap(Optional::stream).findFirst();
        return bad.map(Result::refused).orElseGet(() -> Result.accepted(normalized));
    }

    /**
     * A message body: kept exactly as written (no normalization, no stripping: it is the sender's text), not
     * blank, at most {@code maxCodePoints} long. Line breaks and tabs are allowed, other control characters (NUL
     * included) and unpaired surrogates (which have no UTF-8 form) are refused. Bidirectional marks stay allowed:
     * right-to-left writers need them in running text.
     */
    public static Result body(String text, int maxCodePoints) {
        if (text == null) {
            return Result.refused("is required");
        }
        if (hasUnpairedSurrogate(text)) {
            return Result.refused("contains an unpaired surrogate");
        }
        if (text.isBlank()) {
            return Result.refused("must not be blank");
        }
        if (text.codePointCount(0, text.length()) > maxCodePoints) {
            return Result.refused("must be at most " + maxCodePoints + " characters");
        }
        boolean control = text.chars().anyMatch(c -> Character.getType(c) == Character.CONTROL
                && c != '\n' && c != '\r' && c != '\t');
        return control ? Result.refused("contains a control character") : Result.accepted(text);
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> problem(int codePoint) {
        if (codePoint == 0x200D) {
            return Optional.empty(); // zero-width joiner: emoji sequences
        }
        if ((codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069)
                || codePoint == 0x200E || codePoint == 0x200F || codePoint == 0x061C) {
            return Optional.of("contains a bidirectional control character");
        }
        int type = Character.getType(codePoint);
        if (type == Character.CONTROL) {
            return Optional.of("contains a control character");
        }
        if (type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return Optional.of("contains an invisible or unassigned character");
        }
        return Optional.empty();
    }

    /** Either a normalized value or a refusal reason. */
    public record Result(String value, String refusal) {

        static Result accepted(String value) {
            return new Result(value, null);
        }

        static Result refused(String refusal) {
            return new Result(null, refusal);
        }

        public boolean ok() {
            return refusal == null;
        }

        /** The normalized text, or a validation refusal naming {@code field} (never echoing the text). */
        public String valueOrRefuse(String field) {
            if (!ok()) {
                throw FamichatException.invalid(field, refusal);
            }
            return value;
        }
    }
}

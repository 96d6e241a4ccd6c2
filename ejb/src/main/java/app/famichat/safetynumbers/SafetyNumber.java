package app.famichat.safetynumbers;

import java.util.UUID;

/**
 * The safety number between the caller and another user.
 *
 * @param userId    the other user
 * @param digits    60 digits in twelve groups of five separated by spaces, as Signal shows them; the same for both
 * @param scannable the scannable form (a QR code's content): the caller's and the other's fingerprints, in that
 *                  order, so each side's differs while either side can check the other's with libsignal
 */
public record SafetyNumber(UUID userId, String digits, byte[] scannable) {
}

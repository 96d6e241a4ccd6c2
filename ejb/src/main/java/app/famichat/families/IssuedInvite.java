package app.famichat.families;

import java.time.Instant;
import java.util.UUID;

/** A new invite: the code is shown once, to the admin who asked for it, and never stored. */
public record IssuedInvite(String code, UUID familyId, Instant expiresAt) {
}

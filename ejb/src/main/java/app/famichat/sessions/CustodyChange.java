package app.famichat.sessions;

import app.famichat.accounts.PasswordConfirmation;
import app.famichat.custody.KeyCustody;
import app.famichat.custody.Keyrings;
import app.famichat.vault.UnlockedKeyrings;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A signed-in user switches custody, confirming their password (docs/api.md, {@code PUT /api/v1/me/custody}).
 * To locked: a new keyring, every secret of theirs encrypted under it, and every other token revoked (they have
 * no unlock row; those devices sign in again). To hosted: every secret sealed by the vault alone again, the
 * keyring and its unlock rows deleted; other tokens stay valid.
 */
@Stateless
public class CustodyChange {

    @Inject
    PasswordConfirmation confirmation;

    @Inject
    Keyrings keyrings;

    @Inject
    TokenStore tokens;

    @Inject
    Event<SessionsRevoked> revocations;

    /**
     * @param token    the bearer token of the request (its unlock row is written when locking)
     * @throws app.famichat.platform.errors.FamichatException 403 for a wrong password, 429 over the limit
     */
    public void change(Caller caller, String token, String password, KeyCustody to) {
        confirmation.confirm(caller.userId(), password);
        if (keyrings.custodyOf(caller.userId()) == to) {
            return; // nothing to change, and no other token to revoke
        }
        if (to == KeyCustody.LOCKED) {
            byte[] hash = HexFormat.of().parseHex(caller.tokenHash());
            Instant expiresAt = tokens.expiresAt(hash).orElseThrow();
            try (UnlockedKeyrings.Binding unused = keyrings.lock(caller.userId(), password, hash, token, expiresAt)) {
                List<String> revoked = tokens.revokeAllBut(caller.userId(), caller.tokenHash(), Instant.now());
                if (!revoked.isEmpty()) {
                    revocations.fire(new SessionsRevoked(caller.userId(), revoked));
                }
            }
        } else {
            keyrings.release(caller.userId());
        }
    }
}

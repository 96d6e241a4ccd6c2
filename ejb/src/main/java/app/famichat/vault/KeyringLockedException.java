package app.famichat.vault;

import jakarta.ejb.ApplicationException;

/**
 * A locked user's secret was asked for while their keyring is not unlocked on this thread: no live token of
 * theirs is at hand (they are signed out, or the work does not run for them). Callers that can do without it
 * (delivery to a signed-out user, background key maintenance) check {@link UserSecrets#usable} first; reaching a
 * client, it is a 409 ({@code keyring-locked}): sign in again. Rolls the transaction back, like any refusal.
 */
@ApplicationException(rollback = true)
public class KeyringLockedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyringLockedException() {
        super("The user's keyring is locked: no live sign-in of theirs unlocks it here");
    }
}

package app.famichat.deletion;

import app.famichat.accounts.AccountService;
import app.famichat.accounts.PasswordConfirmation;
import app.famichat.conversations.ConversationService;
import app.famichat.families.FamilyService;
import app.famichat.families.FamilySummary;
import app.famichat.sessions.Caller;
import app.famichat.sessions.SessionService;
import app.famichat.vault.StorageKeys;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * A user deletes their account, confirming their password (a stolen token alone must not be able to destroy
 * it), in one transaction: either all of it happens or nothing does.
 *
 * <ul>
 *   <li>They leave every family (the only admin of a family with other members is refused with 409 until they
 *       hand over, as when leaving) and every group; their self conversation is deleted.</li>
 *   <li>Every token is revoked (open sockets close when the transaction commits).</li>
 *   <li>Their storage key is erased: whatever was sealed under it (their copy of every message) is unreadable
 *       from then on, including copies the database still holds in dead rows or its write-ahead log.</li>
 *   <li>The account row is deleted and the database cascades the rest: devices with their Signal keys, prekeys
 *       and sessions, tokens, memberships, their history rows. The username is free again.</li>
 * </ul>
 *
 * The other members keep their own copies of the messages the user sent (sealed under their own storage keys);
 * the message rows stay for them, with the sender's id and no content.
 */
@Stateless
public class AccountDeletion {

    @Inject
    PasswordConfirmation confirmation;

    @Inject
    AccountService accounts;

    @Inject
    FamilyService families;

    @Inject
    ConversationService conversations;

    @Inject
    SessionService sessions;

    @Inject
    StorageKeys storageKeys;

    public void delete(Caller caller, String password) {
        confirmation.confirm(caller.userId(), password);
        // First the account row: a concurrent sign-in (which locks it to add a device) waits, then finds nothing.
        accounts.lock(caller.userId());
        for (FamilySummary family : families.familiesOf(caller.userId())) {
            families.leave(caller.userId(), family.familyId());
        }
        conversations.removeFromAll(caller.userId());
        sessions.signOutEverywhere(caller.userId());
        storageKeys.erase(caller.userId());
        accounts.delete(caller.userId());
    }
}

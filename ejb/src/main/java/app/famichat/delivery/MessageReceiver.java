package app.famichat.delivery;

import app.famichat.send.HistoryEntry;
import app.famichat.vault.UnlockedKeyrings;
import java.util.List;

/**
 * Where a connected device is handed its messages, and the news about its user's own messages: the socket layer
 * registers one per authenticated socket with {@link MessagePush#connected} and removes it with
 * {@link MessagePush#disconnected}.
 */
public interface MessageReceiver {

    /** Sends the messages to the device, in order; they count as delivered only once it acknowledges them. */
    void receive(List<HistoryEntry> messages);

    /** Tells the device that one of its user's own messages has moved on (delivered, read). */
    void statusChanged(StatusUpdate update);

    /** Tells the device of family recovery news for its user. */
    void recoveryNews(RecoveryNews news);

    /**
     * Unlocks the keyring of the device's user on this thread from the socket's live token, for taking and
     * replaying its messages (a locked user's envelopes are decrypted only so); nothing for a hosted user.
     */
    UnlockedKeyrings.Binding unlock();
}

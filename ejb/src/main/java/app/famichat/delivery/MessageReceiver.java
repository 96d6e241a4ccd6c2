package app.famichat.delivery;

import app.famichat.send.HistoryEntry;
import java.util.List;

/** A connected device that can be handed messages: what the socket layer implements for {@link MessagePush}. */
public interface MessageReceiver {

    /** Sends the messages to the device, in order; they count as delivered only once it acknowledges them. */
    void receive(List<HistoryEntry> messages);
}

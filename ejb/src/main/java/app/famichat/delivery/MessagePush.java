package app.famichat.delivery;

import app.famichat.connections.LiveSocket;
import app.famichat.connections.LocalConnections;
import app.famichat.send.DeviceAddress;
import app.famichat.send.HistoryEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Pushes messages to the devices connected to this node. Envelopes are taken (decrypted into history, committed)
 * before anything is written to a socket; a device acknowledges each message, and what it never acknowledged is
 * pushed again when it reconnects. A message can therefore reach a device twice (clients drop repeats by
 * messageId), never zero times.
 */
@ApplicationScoped
public class MessagePush {

    @Inject
    Inbox inbox;

    @Inject
    LocalConnections connections;

    private final Rounds<DeviceAddress> draining = new Rounds<>();

    /**
     * Envelopes are waiting for {@code device}: push them if its socket is on this node. Announcements for one
     * device coalesce: while one thread drains the device's envelopes, further announcements only ask it for one
     * more round (it drains again before it stops), so a device that receives much costs one take per round, not
     * one per envelope.
     */
    void envelopesWaiting(DeviceAddress device) {
        List<MessageReceiver> receivers = receiversOf(device);
        if (receivers.isEmpty() || !draining.claim(device)) {
            return;
        }
        boolean finished = false;
        try {
            do {
                List<HistoryEntry> taken = inbox.drain(device);
                if (!taken.isEmpty()) {
                    receiversOf(device).forEach(receiver -> receiver.receive(taken));
                }
            } while (draining.another(device));
            finished = true;
        } finally {
            if (!finished) {
                draining.release(device);
            }
        }
    }

    private List<MessageReceiver> receiversOf(DeviceAddress device) {
        return connections.socketsOf(device.userId(), device.deviceId()).stream()
                .filter(MessageReceiver.class::isInstance).map(MessageReceiver.class::cast).toList();
    }

    /** A socket has just authenticated: everything waiting, and whatever was pushed before but not acknowledged. */
    public void catchUp(LiveSocket socket, MessageReceiver receiver) {
        DeviceAddress device = new DeviceAddress(socket.caller().userId(), socket.caller().deviceId());
        inbox.drain(device);
        List<HistoryEntry> unacknowledged = inbox.unacknowledged(device);
        if (!unacknowledged.isEmpty()) {
            receiver.receive(unacknowledged);
        }
    }
}

package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import app.famichat.send.HistoryEntry;
import app.famichat.vault.UnlockedKeyrings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Pushes messages to the devices connected to this node, through the receivers registered for each device (one
 * per authenticated socket: usually none or one, two while a client reconnects). Envelopes are taken (decrypted
 * into history, committed) before anything is handed to a receiver; a device acknowledges each message, and what
 * it never acknowledged is pushed again when it reconnects. A message can therefore reach a device twice (clients
 * drop repeats by messageId), never zero times. The same receivers are told when their user's own messages move
 * on ({@link #statusChanged}; the history package works out what moved).
 */
@ApplicationScoped
public class MessagePush {

    @Inject
    Inbox inbox;

    private final ConcurrentMap<DeviceAddress, Set<MessageReceiver>> receivers = new ConcurrentHashMap<>();

    private final Rounds<DeviceAddress> draining = new Rounds<>();

    /**
     * A socket has authenticated for {@code device}: from now on {@code receiver} is handed the device's messages,
     * starting with everything waiting and whatever was pushed before but not acknowledged.
     */
    public void connected(DeviceAddress device, MessageReceiver receiver) {
        receivers.compute(device, (key, set) -> {
            Set<MessageReceiver> registered = set == null ? ConcurrentHashMap.newKeySet() : set;
            registered.add(receiver);
            return registered;
        });
        try (UnlockedKeyrings.Binding keyring = receiver.unlock()) {
            inbox.drain(device);
            List<HistoryEntry> unacknowledged = inbox.unacknowledged(device);
            if (!unacknowledged.isEmpty()) {
                receiver.receive(unacknowledged);
            }
        }
    }

    /** The receiver's socket has closed; calling it again, or for a receiver never connected, does nothing. */
    public void disconnected(DeviceAddress device, MessageReceiver receiver) {
        receivers.computeIfPresent(device, (key, set) -> {
            set.remove(receiver);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Envelopes are waiting for {@code device}: push them if it has a receiver on this node. Announcements for one
     * device coalesce: while one thread drains the device's envelopes, further announcements only ask it for one
     * more round (it drains again before it stops), so a device that receives much costs one take per round, not
     * one per envelope.
     */
    void envelopesWaiting(DeviceAddress device) {
        Set<MessageReceiver> registered = receiversOf(device);
        if (registered.isEmpty() || !draining.claim(device)) {
            return;
        }
        boolean finished = false;
        // Any of the device's sockets unlocks its user's keyring: they carry tokens of that user.
        try (UnlockedKeyrings.Binding keyring = registered.stream().findFirst().map(MessageReceiver::unlock)
                .orElse(UnlockedKeyrings.NONE)) {
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

    /** The users with a socket on this node (usually a handful: nothing here is per message). */
    public Set<UUID> connectedUsers() {
        Set<UUID> users = new HashSet<>();
        receivers.keySet().forEach(device -> users.add(device.userId()));
        return users;
    }

    /** Hands each update to every receiver of every device of {@code userId} on this node, in order. */
    public void statusChanged(UUID userId, List<StatusUpdate> updates) {
        receivers.forEach((device, registered) -> {
            if (device.userId().equals(userId)) {
                registered.forEach(receiver -> updates.forEach(receiver::statusChanged));
            }
        });
    }

    /** Hands the news to every receiver of every device of {@code userId} on this node. */
    public void recoveryNews(UUID userId, RecoveryNews news) {
        receivers.forEach((device, registered) -> {
            if (device.userId().equals(userId)) {
                registered.forEach(receiver -> receiver.recoveryNews(news));
            }
        });
    }

    private Set<MessageReceiver> receiversOf(DeviceAddress device) {
        return receivers.getOrDefault(device, Set.of());
    }
}

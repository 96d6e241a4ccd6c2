package app.famichat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.accounts.DeviceAddress;
import app.famichat.send.HistoryEntry;
import app.famichat.vault.UnlockedKeyrings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessagePushTest {

    private final DeviceAddress phone = new DeviceAddress(UUID.randomUUID(), 1);
    private final DeviceAddress laptop = new DeviceAddress(phone.userId(), 2);
    /** What the fake inbox holds per device: waiting (taken by the next drain) and unacknowledged. */
    private final Map<DeviceAddress, List<HistoryEntry>> waiting = new HashMap<>();
    private final Map<DeviceAddress, List<HistoryEntry>> unacknowledged = new HashMap<>();
    private final List<DeviceAddress> drained = new ArrayList<>();
    private final MessagePush push = new MessagePush();

    MessagePushTest() {
        push.inbox = new Inbox() {
            @Override
            public List<HistoryEntry> drain(DeviceAddress device) {
                drained.add(device);
                List<HistoryEntry> taken = waiting.getOrDefault(device, List.of());
                waiting.remove(device);
                return taken;
            }

            @Override
            public List<HistoryEntry> unacknowledged(DeviceAddress device) {
                return unacknowledged.getOrDefault(device, List.of());
            }
        };
    }

    /** A receiver that records what it is handed. */
    private static final class Socket implements MessageReceiver {
        final List<HistoryEntry> received = new ArrayList<>();
        final List<StatusUpdate> statuses = new ArrayList<>();

        @Override
        public void receive(List<HistoryEntry> messages) {
            received.addAll(messages);
        }

        @Override
        public void statusChanged(StatusUpdate update) {
            statuses.add(update);
        }

        @Override
        public void recoveryNews(RecoveryNews news) {
            throw new AssertionError("no recovery news here");
        }

        @Override
        public UnlockedKeyrings.Binding unlock() {
            return UnlockedKeyrings.NONE;
        }
    }

    @Test
    void aConnectingDeviceTakesWhatWaitsAndGetsWhatItNeverAcknowledged() {
        HistoryEntry old = message();
        unacknowledged.put(phone, List.of(old));
        waiting.put(phone, List.of(message()));
        Socket socket = new Socket();
        push.connected(phone, socket);
        assertEquals(List.of(phone), drained);
        assertEquals(List.of(old), socket.received);
    }

    @Test
    void envelopesGoToEveryReceiverOfTheirDeviceAndNoOther() {
        Socket first = new Socket();
        Socket second = new Socket();
        Socket other = new Socket();
        push.connected(phone, first);
        push.connected(phone, second);
        push.connected(laptop, other);
        HistoryEntry message = message();
        waiting.put(phone, List.of(message));
        push.envelopesWaiting(phone);
        assertEquals(List.of(message), first.received);
        assertEquals(List.of(message), second.received);
        assertEquals(List.of(), other.received);
    }

    @Test
    void withoutAReceiverOnThisNodeNothingIsTaken() {
        Socket socket = new Socket();
        push.connected(phone, socket);
        push.disconnected(phone, socket);
        push.disconnected(phone, socket);
        drained.clear();
        waiting.put(phone, List.of(message()));
        push.envelopesWaiting(phone);
        assertEquals(List.of(), drained, "the envelope waits for the device's next connect or fetch");
        assertEquals(List.of(), socket.received);
    }

    @Test
    void aDisconnectedReceiverGetsNothingWhileTheOtherStillDoes() {
        Socket leaving = new Socket();
        Socket staying = new Socket();
        push.connected(phone, leaving);
        push.connected(phone, staying);
        push.disconnected(phone, leaving);
        HistoryEntry message = message();
        waiting.put(phone, List.of(message));
        push.envelopesWaiting(phone);
        assertEquals(List.of(), leaving.received);
        assertEquals(List.of(message), staying.received);
    }

    @Test
    void statusUpdatesGoToEverySocketOfEveryDeviceOfTheUserAndNoOther() {
        Socket phoneSocket = new Socket();
        Socket laptopSocket = new Socket();
        Socket someoneElse = new Socket();
        DeviceAddress other = new DeviceAddress(UUID.randomUUID(), 1);
        push.connected(phone, phoneSocket);
        push.connected(laptop, laptopSocket);
        push.connected(other, someoneElse);
        assertEquals(Set.of(phone.userId(), other.userId()), push.connectedUsers());

        UUID conversation = UUID.randomUUID();
        List<StatusUpdate> updates = List.of(
                new StatusUpdate(conversation, UUID.randomUUID(), 4, HistoryEntry.Status.DELIVERED),
                new StatusUpdate(conversation, UUID.randomUUID(), 5, HistoryEntry.Status.READ));
        push.statusChanged(phone.userId(), updates);
        assertEquals(updates, phoneSocket.statuses);
        assertEquals(updates, laptopSocket.statuses);
        assertEquals(List.of(), someoneElse.statuses);

        push.disconnected(other, someoneElse);
        assertEquals(Set.of(phone.userId()), push.connectedUsers());
    }

    private HistoryEntry message() {
        return new HistoryEntry(UUID.randomUUID(), UUID.randomUUID(), 1, new DeviceAddress(UUID.randomUUID(), 1),
                Instant.now(), "hi", false, null);
    }
}

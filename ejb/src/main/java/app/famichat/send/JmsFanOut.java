package app.famichat.send;

import app.famichat.accounts.DeviceAddress;
import app.famichat.custody.SendKeys;
import app.famichat.platform.jms.BrokerOutage;
import app.famichat.platform.jms.Messaging;
import app.famichat.vault.KeyVault;
import app.famichat.vault.SealContext;
import app.famichat.vault.UserSecrets;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The fan-out queue over the XA connection factory: persistent messages that reach consumers only when the
 * sending transaction commits. Everything about a message travels sealed by the key vault, for each recipient
 * device: the text and also who sends it to whom, in which conversation, so the broker journal holds neither
 * content nor who talks to whom. The only clear property is the message group, a hash of the device pair
 * ({@link FanOutRequest#group}).
 *
 * <p>A locked sender's text travels in a second layer ({@link SendKeys}): with the sender's keyring key, under a
 * key of that message alone whose only copy is a database row deleted once its envelope is stored. The vault
 * alone opens the request, never the text, so a copy of the journal with the master keys reads nothing of it.
 */
@ApplicationScoped
public class JmsFanOut implements FanOut {

    /**
     * A fan-out message opened: the request, and either the text (a hosted sender's) or the locked part that holds
     * it (a locked sender's: {@link SendKeys#open} opens it once).
     */
    public record Opened(FanOutRequest request, String body, SendKeys.Locked locked) {

        /** A hosted sender's message. */
        public Opened(FanOutRequest request, String body) {
            this(request, body, null);
        }

        /** A locked sender's message. */
        public Opened(FanOutRequest request, SendKeys.Locked locked) {
            this(request, null, locked);
        }
    }

    public static final String GROUP = "JMSXGroupID";

    /** Versions of the sealed payload's layout: the text in it, or a locked part ({@link SendKeys}). */
    private static final int VERSION = 1;
    private static final int VERSION_LOCKED = 2;

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Inject
    KeyVault vault;

    @Inject
    BrokerOutage broker;

    @Inject
    UserSecrets secrets;

    @Inject
    SendKeys sendKeys;

    @Override
    public void publish(List<FanOutRequest> requests, String body) {
        if (requests.isEmpty()) {
            return;
        }
        broker.refuseWhileUnreachable(); // else the send would wait for the adapter's reconnection
        try (JMSContext context = connectionFactory.createContext()) {
            Queue queue = context.createQueue(Messaging.FAN_OUT_QUEUE);
            JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            UUID sender = requests.get(0).sender().userId();
            List<SendKeys.Locked> locked = secrets.isLocked(sender)
                    ? sendKeys.seal(sender, body, requests.size())
                    : null;
            for (int i = 0; i < requests.size(); i++) {
                FanOutRequest request = requests.get(i);
                BytesMessage message = context.createBytesMessage();
                byte[] payload = locked == null ? encode(request, body) : encode(request, locked.get(i));
                message.writeBytes(vault.seal(payload, place(request.group())));
                message.setStringProperty(GROUP, request.group());
                producer.send(queue, message);
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException("Could not publish a fan-out message", e.getErrorCode(), e);
        }
    }

    /**
     * Opens a fan-out message.
     *
     * @throws app.famichat.vault.VaultException if its payload was not sealed by this vault for its group
     */
    public Opened open(Message message) throws JMSException {
        String group = message.getStringProperty(GROUP);
        return decode(vault.open(message.getBody(byte[].class), place(group)));
    }

    /** The seal binds the payload to its message group: moved into another group, it does not open. */
    private static SealContext place(String group) {
        return new SealContext("jms:" + Messaging.FAN_OUT_QUEUE, "payload", group);
    }

    static byte[] encode(FanOutRequest request, String body) {
        return encode(VERSION, request, null, body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] encode(FanOutRequest request, SendKeys.Locked locked) {
        return encode(VERSION_LOCKED, request, locked.sendKeyId(), locked.sealed());
    }

    /** The layout: version, the request, (version 2: the send key's id), then the text or the locked part. */
    private static byte[] encode(int version, FanOutRequest request, UUID sendKeyId, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + content.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            write(out, request.messageId());
            write(out, request.conversationId());
            out.writeLong(request.seq());
            write(out, request.sender());
            write(out, request.recipient());
            out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, request.sentAt()));
            if (sendKeyId != null) {
                write(out, sendKeyId);
            }
            out.writeInt(content.length);
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Opened decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int version = in.readUnsignedByte();
            if (version != VERSION && version != VERSION_LOCKED) {
                throw new IllegalArgumentException("Unknown fan-out payload version");
            }
            UUID messageId = readUuid(in);
            UUID conversationId = readUuid(in);
            long seq = in.readLong();
            DeviceAddress sender = readDevice(in);
            DeviceAddress recipient = readDevice(in);
            long sentAtMicros = in.readLong();
            UUID sendKeyId = version == VERSION_LOCKED ? readUuid(in) : null;
            byte[] content = in.readNBytes(in.readInt());
            FanOutRequest request = new FanOutRequest(messageId, conversationId, seq, sender, recipient,
                    Instant.EPOCH.plus(sentAtMicros, ChronoUnit.MICROS));
            return sendKeyId == null ? new Opened(request, new String(content, StandardCharsets.UTF_8))
                    : new Opened(request, new SendKeys.Locked(sendKeyId, content));
        } catch (IOException e) {
            throw new IllegalArgumentException("Malformed fan-out payload", e);
        }
    }

    private static void write(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static void write(DataOutputStream out, DeviceAddress device) throws IOException {
        write(out, device.userId());
        out.writeShort(device.deviceId());
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    private static DeviceAddress readDevice(DataInputStream in) throws IOException {
        return new DeviceAddress(readUuid(in), in.readShort());
    }
}

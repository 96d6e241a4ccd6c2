package app.famichat.custody;

import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.vault.KeyVault;
import app.famichat.vault.Keyring;
import app.famichat.vault.SealContext;
import app.famichat.vault.UnlockedKeyrings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a locked sender's fan-out message carries: the text and the sender's keyring key K, encrypted under a
 * random key E of that message alone. E's only copy is a row of {@code send_keys} (sealed by the vault), deleted in
 * the transaction that stores the message's envelope. A consumed message can stay in the broker's journal until
 * compaction; once its envelope is in, nothing anywhere opens it, with or without the vault's master keys.
 */
@ApplicationScoped
public class SendKeys {

    /** The locked part of a fan-out message: its send key's id and the text and K under that key. */
    public record Locked(UUID sendKeyId, byte[] sealed) {
    }

    /** A locked part opened: the text, and K bound on this thread for the sender until closed. */
    public record Opened(String body, UnlockedKeyrings.Binding sender) {
    }

    @Inject
    KeyringStore store;

    @Inject
    KeyVault vault;

    @Inject
    CustodySettings settings;

    /**
     * One locked part per fan-out message, in the send's transaction. The sender's K must be unlocked on this
     * thread (the sender's request).
     */
    public List<Locked> seal(UUID senderUserId, String body, int messages) {
        byte[] senderKey = UnlockedKeyrings.copyOf(senderUserId);
        try {
            byte[] text = body.getBytes(StandardCharsets.UTF_8);
            byte[] plaintext = ByteBuffer.allocate(Keyring.KEY_BYTES + text.length).put(senderKey).put(text).array();
            List<UUID> ids = new ArrayList<>(messages);
            List<byte[]> sealedKeys = new ArrayList<>(messages);
            List<Locked> parts = new ArrayList<>(messages);
            for (int i = 0; i < messages; i++) {
                UUID id = UUID.randomUUID();
                byte[] sendKey = Keyring.newKey();
                ids.add(id);
                sealedKeys.add(vault.seal(sendKey, KeyringStore.sendKeyPlace(id)));
                parts.add(new Locked(id, Keyring.seal(sendKey, senderUserId, payloadPlace(id), plaintext)));
                Arrays.fill(sendKey, (byte) 0);
            }
            Arrays.fill(plaintext, (byte) 0);
            store.insertSendKeys(ids, sealedKeys, DatabaseClock.now().plus(settings.sendKeyLifetime()));
            return parts;
        } finally {
            Arrays.fill(senderKey, (byte) 0);
        }
    }

    /**
     * Opens a locked part and deletes its send key, in the caller's transaction (which stores the envelope: if it
     * rolls back, the key is back for the redelivery). Empty when the key is gone (deleted, or expired: its
     * lifetime, {@code famichat.custody.send-key-lifetime}, ended before the encryption ran): the part never opens
     * again, and the caller records the message as failed for its recipient device.
     */
    public Optional<Opened> open(UUID senderUserId, Locked locked) {
        Optional<byte[]> sealedKey = store.takeSendKey(locked.sendKeyId(), DatabaseClock.now());
        if (sealedKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] sendKey = vault.open(sealedKey.get(), KeyringStore.sendKeyPlace(locked.sendKeyId()));
        byte[] plaintext;
        try {
            plaintext = Keyring.open(sendKey, senderUserId, payloadPlace(locked.sendKeyId()), locked.sealed());
        } finally {
            Arrays.fill(sendKey, (byte) 0);
        }
        byte[] senderKey = Arrays.copyOf(plaintext, Keyring.KEY_BYTES);
        String body = new String(plaintext, Keyring.KEY_BYTES, plaintext.length - Keyring.KEY_BYTES,
                StandardCharsets.UTF_8);
        Arrays.fill(plaintext, (byte) 0);
        return Optional.of(new Opened(body, UnlockedKeyrings.bind(senderUserId, senderKey)));
    }

    /** The associated data of a locked part: its send key's row, so a part opens only with its own key. */
    private static SealContext payloadPlace(UUID sendKeyId) {
        return new SealContext("send_keys", "payload", sendKeyId.toString());
    }
}

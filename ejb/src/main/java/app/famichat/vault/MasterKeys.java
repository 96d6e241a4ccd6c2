package app.famichat.vault;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured master keys: one active (new seals), all of them able to open. Several keys at once are what
 * rotation needs: add a key, make it active, and ciphertexts sealed by the old one still open until they are
 * re-sealed.
 */
final class MasterKeys {

    private final Map<String, MasterKey> byId;
    private final MasterKey active;

    private MasterKeys(Map<String, MasterKey> byId, MasterKey active) {
        this.byId = byId;
        this.active = active;
    }

    /**
     * The keys from configuration: {@code famichat.vault.keys} (comma-separated {@code id:base64} entries),
     * {@code famichat.vault.key-file}, or both; {@code famichat.vault.active-key} may be left out when there is
     * exactly one key.
     */
    static MasterKeys load(Optional<String> inlineKeys, Optional<Path> keyFile, Optional<String> activeKeyId) {
        List<MasterKey> keys = new ArrayList<>();
        inlineKeys.ifPresent(value -> {
            String[] entries = value.split(",");
            for (int i = 0; i < entries.length; i++) {
                if (!entries[i].isBlank()) {
                    keys.add(MasterKey.parse(entries[i].trim(),
                            "entry " + (i + 1) + " of famichat.vault.keys (FAMICHAT_VAULT_KEYS)"));
                }
            }
        });
        keyFile.ifPresent(file -> keys.addAll(KeyFile.read(file)));
        return of(keys, activeKeyId.map(String::trim).filter(id -> !id.isEmpty()));
    }

    static MasterKeys of(List<MasterKey> keys, Optional<String> activeKeyId) {
        if (keys.isEmpty()) {
            throw MasterKey.configuration("no master key configured. Set FAMICHAT_VAULT_KEYS (MicroProfile Config "
                    + "key famichat.vault.keys) to id:base64-32-bytes entries, or FAMICHAT_VAULT_KEY_FILE "
                    + "(famichat.vault.key-file) to an owner-only file of such lines. Generate a key with: "
                    + "echo \"k1:$(head -c 32 /dev/urandom | base64)\"");
        }
        Map<String, MasterKey> byId = new LinkedHashMap<>();
        for (MasterKey key : keys) {
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw MasterKey.configuration("the key id '" + key.id() + "' is configured twice");
            }
        }
        String activeId = activeKeyId.orElseGet(() -> {
            if (byId.size() > 1) {
                throw MasterKey.configuration(byId.size() + " master keys " + byId.keySet() + " and no active one: "
                        + "set FAMICHAT_VAULT_ACTIVE_KEY (famichat.vault.active-key) to the id for new seals");
            }
            return byId.keySet().iterator().next();
        });
        MasterKey active = byId.get(activeId);
        if (active == null) {
            throw MasterKey.configuration("the active key '" + activeId + "' (famichat.vault.active-key) is not "
                    + "among the configured keys " + byId.keySet());
        }
        return new MasterKeys(Map.copyOf(byId), active);
    }

    MasterKey active() {
        return active;
    }

    Optional<MasterKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The ids, for the startup log line: ids are not secret. */
    List<String> ids() {
        return byId.keySet().stream().sorted().toList();
    }
}

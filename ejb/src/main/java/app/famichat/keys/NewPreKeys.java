package app.famichat.keys;

import java.util.ArrayList;
import java.util.List;

/** Prekeys just generated for a device, and the device's id counters after them. */
public record NewPreKeys(List<SealedPreKey> keys, PreKeyIds next) {

    public NewPreKeys {
        keys = List.copyOf(keys);
    }

    /** These keys followed by {@code later}, which was generated from {@link #next()} on. */
    NewPreKeys and(NewPreKeys later) {
        List<SealedPreKey> all = new ArrayList<>(keys);
        all.addAll(later.keys);
        return new NewPreKeys(all, later.next);
    }
}

package app.famichat.delivery;

import app.famichat.platform.Sha256;
import app.famichat.accounts.DeviceAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.ByteBuffer;

/**
 * Database locks that make every Signal session have one writer at a time, across threads and nodes
 * (ARCHITECTURE.md rule 2). A session row may not exist yet when it is about to be created (PQXDH), so these are
 * PostgreSQL transaction-level advisory locks on a 64-bit key derived from the session's two addresses rather
 * than row locks; they are released when the transaction ends. A hash collision only makes two unrelated sessions
 * wait for each other.
 *
 * <p>Lock order, so that nothing deadlocks: a device's inbox before any of its sessions; one session at a time
 * otherwise (the only nesting is inbox, then the recipient's session, then the sender's session when a lost
 * session is re-established).
 */
@ApplicationScoped
class PairLocks {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /** The session {@code local} keeps with {@code remote} (encrypting to it and decrypting from it). */
    void lockSession(DeviceAddress local, DeviceAddress remote) {
        lock("session:" + local + "->" + remote);
    }

    /** A device's inbox: one taker at a time, so envelopes from one sender are decrypted in order. */
    void lockInbox(DeviceAddress device) {
        lock("inbox:" + device);
    }

    private void lock(String name) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?)").setParameter(1, key(name)).getSingleResult();
    }

    static long key(String name) {
        return ByteBuffer.wrap(Sha256.of(name)).getLong();
    }
}

package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.jms.Announcements;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * What happens once an envelope has committed, outside the encrypting transaction: the envelope is announced
 * ({@link EnvelopeAnnouncements}). (The message's fan-out count is part of the encrypting transaction,
 * {@link EnvelopeEncryptor}.)
 */
@Stateless
public class FanOutCompletion {

    @Inject
    Announcements announcements;

    @Inject
    EnvelopeAnnouncements envelopes;

    /**
     * An envelope has committed: announce it to the node holding the device's socket. The announcement is sent
     * outside any transaction (it is non-persistent anyway): in the encrypting transaction it made the broker a
     * second XA resource of every envelope, with a prepare and a commit of its own.
     */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void envelopeCommitted(DeviceAddress recipient) {
        announcements.announce(envelopes, recipient);
    }
}

package app.famichat.delivery;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * Envelopes waiting to be taken, for the operator gauge: an EJB, so that the count runs in a transaction of its own
 * from the metrics endpoint's thread.
 */
@Stateless
public class PipelineBacklog {

    @Inject
    EnvelopeStore envelopes;

    public long pendingEnvelopes() {
        return envelopes.pending();
    }

    public long envelopesWaitingForLockedUsers() {
        return envelopes.waitingForLockedUsers();
    }
}

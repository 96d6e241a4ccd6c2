package app.famichat.platform.jms;

/**
 * JMS resources of the application, all provided by the Artemis resource adapter {@value #RESOURCE_ADAPTER}
 * (see {@code resources/}), defined in {@link app.famichat.platform.ResourceDefinitions}. The outbound factory is XA so that a send joins the caller's JTA transaction:
 * messages reach the broker only if the database work of the same transaction commits.
 */
public final class Messaging {

    /** Deployed name of the resource adapter archive ({@code famichat-jms.rar}). */
    public static final String RESOURCE_ADAPTER = "famichat-jms";

    public static final String CONNECTION_FACTORY = "java:app/jms/famichat";

    /**
     * The message pipeline's fan-out queue: one message per (message, recipient device), its payload sealed by the
     * vault; consumed by the encryption MDB.
     */
    public static final String FAN_OUT_QUEUE = "famichat.fanout";

    /** "An envelope is waiting for device X": every node hears it, the one holding X's socket pushes. */
    public static final String ENVELOPES_TOPIC = "famichat.envelopes";

    /**
     * "The status of messages [fromSeq, toSeq] of conversation X may have moved" (delivered or read): every node
     * hears it, the ones holding a socket of a sender of those messages push status frames.
     */
    public static final String STATUS_TOPIC = "famichat.status";

    /**
     * "Family recovery news for user X" (a request for their account started, a request they guard started or
     * changed): every node hears it, the ones holding a socket of X push a frame.
     */
    public static final String RECOVERY_TOPIC = "famichat.recovery";

    /** Revoked tokens (as hashes), for every node to close the sockets authenticated with them. */
    public static final String SESSIONS_REVOKED_TOPIC = "famichat.sessions.revoked";

    private Messaging() {
    }
}

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

    /** Fan-out queue of the walking skeleton: one message per (send, target). */
    public static final String SKELETON_QUEUE = "famichat.skeleton";

    /** Revoked tokens (as hashes), for every node to close the sockets authenticated with them. */
    public static final String SESSIONS_REVOKED_TOPIC = "famichat.sessions.revoked";

    private Messaging() {
    }
}

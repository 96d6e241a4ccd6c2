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

    /**
     * News for the sockets of every node ({@link Announcements}, {@link AnnouncementListener}): an envelope is
     * waiting for a device, the status of some messages moved, tokens were revoked, family recovery news; each
     * node hands it to the sockets it holds. One kind per feature ({@link AnnouncementKind}).
     */
    public static final String ANNOUNCEMENTS_TOPIC = "famichat.announcements";

    private Messaging() {
    }
}

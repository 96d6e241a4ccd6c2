package app.famichat.platform.jms;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

/**
 * JMS resources of the application, all provided by the Artemis resource adapter {@value #RESOURCE_ADAPTER}
 * (see {@code resources/}). The outbound factory is XA so that a send joins the caller's JTA transaction:
 * messages reach the broker only if the database work of the same transaction commits.
 */
@ConnectionFactoryDefinition(
        name = Messaging.CONNECTION_FACTORY,
        resourceAdapter = Messaging.RESOURCE_ADAPTER,
        interfaceName = "jakarta.jms.ConnectionFactory",
        transactionSupport = TransactionSupportLevel.XATransaction,
        minPoolSize = 1,
        maxPoolSize = 32)
public final class Messaging {

    /** Deployed name of the resource adapter archive ({@code famichat-jms.rar}). */
    public static final String RESOURCE_ADAPTER = "famichat-jms";

    public static final String CONNECTION_FACTORY = "java:app/jms/famichat";

    /** Fan-out queue of the walking skeleton: one message per (send, target). */
    public static final String SKELETON_QUEUE = "famichat.skeleton";

    private Messaging() {
    }
}

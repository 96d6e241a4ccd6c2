package app.famichat.platform;

import app.famichat.platform.jms.Messaging;
import app.famichat.platform.persistence.FamichatDataSource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

/**
 * The application's resource definitions. They sit on an EJB because in an EAR the server only reads such
 * annotations from managed components (on a plain class they work in a WAR and silently vanish in the EAR).
 */
@DataSourceDefinition(
        name = FamichatDataSource.JNDI_NAME,
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=famichat.db.url}",
        user = "${MPCONFIG=famichat.db.user}",
        password = "${MPCONFIG=famichat.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
                "fish.payara.fail-all-connections=true",
                // A connection is checked with a query at most every 10 s, not at every checkout (which was half
                // of the database's transactions under load); a connection that broke meanwhile fails its
                // statement, which rolls back and is retried like any failure, and the validation that follows
                // flushes the pool.
                "fish.payara.validate-atmost-once-period-in-seconds=10",
                // PostgreSQL's error details quote the values of the offending row; keep them out of exceptions
                // and so out of the server log.
                "logServerErrorDetail=false"
        })
@ConnectionFactoryDefinition(
        name = Messaging.CONNECTION_FACTORY,
        resourceAdapter = Messaging.RESOURCE_ADAPTER,
        interfaceName = "jakarta.jms.ConnectionFactory",
        transactionSupport = TransactionSupportLevel.XATransaction,
        minPoolSize = 1,
        maxPoolSize = 32)
@Singleton
public class ResourceDefinitions {
}

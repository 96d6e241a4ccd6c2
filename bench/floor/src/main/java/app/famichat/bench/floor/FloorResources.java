package app.famichat.bench.floor;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The same resources as Famichat's (its ResourceDefinitions: the PostgreSQL pool, the XA connection factory of the
 * famichat-jms adapter, the same configuration keys, which the launcher sets), and the floor's tables.
 */
@DataSourceDefinition(
        name = FloorResources.DATA_SOURCE,
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
                "fish.payara.validate-atmost-once-period-in-seconds=10"
        })
@ConnectionFactoryDefinition(
        name = FloorResources.CONNECTION_FACTORY,
        resourceAdapter = FloorResources.RESOURCE_ADAPTER,
        interfaceName = "jakarta.jms.ConnectionFactory",
        transactionSupport = TransactionSupportLevel.XATransaction,
        minPoolSize = 1,
        maxPoolSize = 32)
@Singleton
@Startup
public class FloorResources {

    static final String DATA_SOURCE = "java:app/jdbc/floor";
    static final String CONNECTION_FACTORY = "java:app/jms/floor";
    static final String RESOURCE_ADAPTER = "famichat-jms";
    /** Famichat's fan-out queue, with the embedded broker's settings for it. */
    static final String QUEUE = "famichat.fanout";

    @Resource(lookup = DATA_SOURCE)
    DataSource dataSource;

    /** A fresh pair of tables at each start: the benchmark counts from empty. */
    @PostConstruct
    void createTables() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS floor_envelopes, floor_messages, floor_sessions");
            // sent_at: the send's transaction began; stored_at: the envelope's insert, just before its commit.
            statement.execute("CREATE TABLE floor_messages (id UUID PRIMARY KEY, sender TEXT NOT NULL, "
                    + "sent_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            statement.execute("CREATE TABLE floor_envelopes (message_id UUID NOT NULL REFERENCES floor_messages (id), "
                    + "recipient TEXT NOT NULL, body BYTEA NOT NULL, stored_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), "
                    + "delivered_at TIMESTAMPTZ, PRIMARY KEY (message_id, recipient))");
            // The signal mode's session records, sealed (FloorSignal): one row per ordered pair of devices.
            statement.execute("CREATE TABLE floor_sessions (owner TEXT NOT NULL, peer TEXT NOT NULL, "
                    + "state BYTEA NOT NULL, PRIMARY KEY (owner, peer))");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the floor's tables", e);
        }
    }
}

package app.famichat.platform.persistence;

import jakarta.annotation.sql.DataSourceDefinition;

/**
 * The one PostgreSQL data source of the application.
 *
 * <p>Connection settings come from MicroProfile Config ({@code famichat.db.url}, {@code famichat.db.user},
 * {@code famichat.db.password}, i.e. the environment variables {@code FAMICHAT_DB_URL}, ...). The driver ships
 * inside the application, so no server-side JDBC setup is needed. The pool is non-XA: in a JTA transaction that
 * also sends JMS messages, the server commits it as the last resource, after the broker has prepared.
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
                "fish.payara.fail-all-connections=true"
        })
public final class FamichatDataSource {

    public static final String JNDI_NAME = "java:app/jdbc/famichat";

    private FamichatDataSource() {
    }
}

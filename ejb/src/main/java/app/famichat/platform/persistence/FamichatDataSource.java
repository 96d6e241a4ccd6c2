package app.famichat.platform.persistence;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The one PostgreSQL data source of the application, defined in {@link app.famichat.platform.ResourceDefinitions}.
 *
 * <p>Connection settings come from MicroProfile Config ({@code famichat.db.url}, {@code famichat.db.user},
 * {@code famichat.db.password}, i.e. the environment variables {@code FAMICHAT_DB_URL}, ...). The driver ships
 * inside the application, so no server-side JDBC setup is needed. The pool is non-XA: in a JTA transaction that
 * also sends JMS messages, the server commits it as the last resource, after the broker has prepared.
 */
public final class FamichatDataSource {

    public static final String JNDI_NAME = "java:app/jdbc/famichat";

    private FamichatDataSource() {
    }

    /**
     * The data source, looked up when needed. For beans created at the CDI container's start (an
     * {@code @Initialized(ApplicationScoped.class)} observer): in the EAR that event comes before the EJB that
     * defines the data source is deployed, so an {@code @Resource} field there fails the deployment.
     */
    public static DataSource lookup() throws NamingException {
        return InitialContext.doLookup(JNDI_NAME);
    }
}

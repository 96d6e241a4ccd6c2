package app.famichat.platform.health;

import app.famichat.platform.persistence.DatabaseMigrator;
import app.famichat.platform.persistence.FamichatDataSource;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** UP when PostgreSQL answers within two seconds and the schema is migrated. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    @Inject
    DatabaseMigrator migrator;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (Connection connection = dataSource.getConnection()) {
            return response.status(connection.isValid(2))
                    .withData("schemaVersion", migrator.schemaVersion())
                    .build();
        } catch (SQLException | RuntimeException e) {
            // The exception text may hold a JDBC URL; report only its kind.
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}

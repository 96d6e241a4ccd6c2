package app.famichat.platform.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations in {@code db/migration} when the application starts, before anything uses JPA
 * (EclipseLink never generates schema). Deployment fails if the database is not configured or a migration
 * fails, so a half-migrated server never takes traffic.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseMigrator {

    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    @Inject
    DatabaseSettings database;

    private volatile int schemaVersion;

    @PostConstruct
    void migrate() {
        database.requireConfigured();
        Flyway flyway = Flyway.configure(DatabaseMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
        MigrateResult result = flyway.migrate();
        MigrationVersion current = flyway.info().current().getVersion();
        schemaVersion = Integer.parseInt(current.getVersion());
        LOG.info(() -> "Database schema at version " + current + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }

    public int schemaVersion() {
        return schemaVersion;
    }
}

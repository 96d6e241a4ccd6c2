package app.famichat.reseal;

import app.famichat.vault.KeyVault;
import app.famichat.vault.Resealer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How an operator starts the re-seal job, until there is an admin interface: start the server with
 * {@code famichat.vault.reseal-on-start=true} (FAMICHAT_VAULT_RESEAL_ON_START) and the job runs once in the
 * background on the server's managed executor, after the migrations. Nothing a user can reach starts it. Run on
 * one node, or on several: each batch skips rows another node holds locked.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class ResealOnStart {

    private static final Logger LOG = Logger.getLogger(ResealOnStart.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Inject
    KeyVault vault;

    @Inject
    Resealer resealer;

    @Inject
    ResealSettings settings;

    @PostConstruct
    void start() {
        if (!settings.onStart()) {
            return;
        }
        int batchSize = settings.batchSize();
        LOG.info(() -> "Re-seal: moving every sealed column " + SealedColumns.ALL + " to the master key '"
                + vault.activeKeyId() + "' in the background, " + batchSize + " rows a transaction");
        executor.submit(() -> {
            try {
                Resealer.Outcome outcome = resealer.run(vault, SealedColumns.ALL, batchSize);
                LOG.info(() -> "Re-seal finished: " + outcome.resealed() + " rows re-sealed, " + outcome.refused()
                        + " refused (see the warnings), " + outcome.remaining() + " still sealed by another key"
                        + (outcome.remaining() == 0 ? ": keys other than '" + vault.activeKeyId()
                        + "' can now be retired" : ": start the job again"));
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "Re-seal failed; start it again (it resumes where it stopped)", e);
            }
        });
    }
}

package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Rotation as docs/operations.md tells an operator to do it, on the packaged server: add a key, make it active,
 * start with FAMICHAT_VAULT_RESEAL_ON_START=true, and follow the re-seal job in /metrics until nothing is left.
 */
class ResealOnStartIT {

    private static final int USERS = 3;
    /** {@code famichat.keys.one-time.target}, as this server runs with it (the default). */
    private static final int ONE_TIME_TARGET = 100;
    /**
     * What each signed-in user has sealed: a storage key, an identity key pair, and their device's signed prekey,
     * Kyber last-resort prekey and one-time Kyber and EC prekeys.
     */
    private static final int SEALED_PER_USER = 1 + 1 + 1 + 1 + 2 * ONE_TIME_TARGET;
    /**
     * New accounts are locked (the default custody): registration makes the account, then locks it, sealing its
     * storage key and identity key again under the keyring and sealing the keyring; the sign-in seals an unlock row.
     */
    private static final int SEALS_PER_LOCKED_USER = SEALED_PER_USER + 2 + 1 + 1;
    /** The rows the job moves: a locked user's also include the keyring, not the unlock rows (they die with tokens). */
    private static final int ROWS_PER_LOCKED_USER = SEALED_PER_USER + 1;

    @Test
    void theOperatorStartedJobMovesEverySealedValueToTheNewKey() throws Exception {
        Path dataDir = TestEnvironment.get().freshDirectory("reseal-on-start");
        String keys = "old:" + randomKey() + ",new:" + randomKey();
        try (LaunchedFamichat famichat = LaunchedFamichat.start(dataDir,
                Map.of("FAMICHAT_VAULT_KEYS", keys, "FAMICHAT_VAULT_ACTIVE_KEY", "old"))) {
            Http http = new Http(famichat.baseUrl());
            assertEquals(-1, metric(http, "famichat_vault_reseal_rows_remaining").orElseThrow(),
                    "registered at startup; the job did not run");
            assertEquals(0, metric(http, "famichat_vault_refusals_total").orElseThrow());
            for (int i = 0; i < USERS; i++) {
                Users.registerAndSignIn(http, "rotated");
            }
            assertEquals(USERS * SEALS_PER_LOCKED_USER, metric(http, "famichat_vault_seals_total").orElseThrow());
            famichat.terminate(Duration.ofSeconds(90));
        }
        try (LaunchedFamichat famichat = LaunchedFamichat.start(dataDir, Map.of("FAMICHAT_VAULT_KEYS", keys,
                "FAMICHAT_VAULT_ACTIVE_KEY", "new", "FAMICHAT_VAULT_RESEAL_ON_START", "true",
                "FAMICHAT_VAULT_RESEAL_BATCH_SIZE", "2"))) {
            Http http = new Http(famichat.baseUrl());
            long deadline = System.currentTimeMillis() + 60_000;
            while (metric(http, "famichat_vault_reseal_rows_resealed").orElse(0) < USERS * ROWS_PER_LOCKED_USER
                    || metric(http, "famichat_vault_reseal_rows_remaining").orElse(-1) != 0) {
                assertTrue(System.currentTimeMillis() < deadline, http.get("/metrics").body());
                Thread.sleep(200);
            }
            assertEquals(USERS * ROWS_PER_LOCKED_USER, metric(http, "famichat_vault_reseal_rows_resealed").orElseThrow());
            assertEquals(0, metric(http, "famichat_vault_refusals_total").orElse(0));
            assertEquals(201, http.postJson("/api/v1/accounts", "{\"username\":\"" + Users.uniqueName("after")
                    + "\",\"password\":\"" + Users.PASSWORD + "\",\"displayName\":\"After\"}").statusCode());
            famichat.terminate(Duration.ofSeconds(90));
        }
    }

    /** The sum over all series of an application metric in /metrics (Prometheus text), if there is one. */
    private static OptionalDouble metric(Http http, String name) throws Exception {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*mp_scope=\"application\"[^}]*\\} (\\S+)$")
                .matcher(http.get("/metrics").body());
        double sum = 0;
        boolean found = false;
        while (line.find()) {
            sum += Double.parseDouble(line.group(1));
            found = true;
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}

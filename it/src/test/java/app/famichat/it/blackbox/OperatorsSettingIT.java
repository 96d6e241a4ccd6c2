package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A malformed {@code famichat.operators} stops the deployment with a message naming the setting. It used to
 * deploy, and then every operator call answered 500.
 */
class OperatorsSettingIT {

    @Test
    void aMalformedOperatorIdStopsTheDeploymentWithAMessageNamingTheSetting() throws Exception {
        Path dataDir = TestEnvironment.get().freshDirectory("operators-setting");
        TestDatabase database = TestEnvironment.get().database();
        try (LaunchedFamichat failing = LaunchedFamichat.launch(dataDir, Map.of(
                "FAMICHAT_DB_URL", database.url(),
                "FAMICHAT_DB_USER", database.user(),
                "FAMICHAT_DB_PASSWORD", database.password(),
                "FAMICHAT_OPERATORS", "123e4567-e89b-12d3-a456-426614174000,not-an-id"))) {
            assertEquals(4, failing.awaitExit(Duration.ofMinutes(6)), failing.output());
            String output = failing.output(); // the launcher's own lines and Payara's console
            assertTrue(output.contains("[famichat] the application failed to deploy"), output);
            assertTrue(output.contains("SEVERE") && output.contains("famichat.operators must list user ids")
                    && output.contains("not ids: [not-an-id]"), "the log names the setting and the bad entry");
        }
    }
}

package app.famichat.operators;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorsTest {

    @Test
    void onlyConfiguredIdsPassEveryoneElseSeesNothing() {
        UUID operator = UUID.randomUUID();
        Operators operators = configured(" " + operator + " ,, " + UUID.randomUUID().toString().toUpperCase());
        assertDoesNotThrow(() -> operators.require(operator));
        assertEquals(Failure.NOT_FOUND,
                assertThrows(FamichatException.class, () -> operators.require(UUID.randomUUID())).failure());
    }

    @Test
    void withoutConfigurationThereAreNoOperators() {
        OperatorSettings settings = new OperatorSettings();
        settings.configured = Optional.empty();
        settings.check();
        Operators operators = new Operators();
        operators.settings = settings;
        assertThrows(FamichatException.class, () -> operators.require(UUID.randomUUID()));
    }

    /** Before, such a list passed the deployment and every operator call then answered 500. */
    @ParameterizedTest
    @ValueSource(strings = {"alice", "1-2-3-4-5", "123e4567-e89b-12d3-a456-42661417400",
        "{123e4567-e89b-12d3-a456-426614174000}"})
    void aMalformedIdStopsTheDeploymentNamingTheSetting(String malformed) {
        OperatorSettings settings = new OperatorSettings();
        settings.configured = Optional.of(UUID.randomUUID() + "," + malformed);
        IllegalStateException refused = assertThrows(IllegalStateException.class, settings::check);
        assertTrue(refused.getMessage().contains("famichat.operators"), refused.getMessage());
        assertTrue(refused.getMessage().contains(malformed), refused.getMessage());
    }

    private static Operators configured(String value) {
        OperatorSettings settings = new OperatorSettings();
        settings.configured = Optional.of(value);
        settings.check();
        Operators operators = new Operators();
        operators.settings = settings;
        return operators;
    }
}

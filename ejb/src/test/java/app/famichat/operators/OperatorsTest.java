package app.famichat.operators;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OperatorsTest {

    @Test
    void onlyConfiguredIdsPassEveryoneElseSeesNothing() {
        UUID operator = UUID.randomUUID();
        Operators operators = new Operators();
        operators.configured = Optional.of(" " + operator + " ,, " + UUID.randomUUID());
        assertDoesNotThrow(() -> operators.require(operator));
        assertEquals(Failure.NOT_FOUND,
                assertThrows(FamichatException.class, () -> operators.require(UUID.randomUUID())).failure());
    }

    @Test
    void withoutConfigurationThereAreNoOperators() {
        Operators operators = new Operators();
        operators.configured = Optional.empty();
        assertThrows(FamichatException.class, () -> operators.require(UUID.randomUUID()));
    }
}

package app.famichat.operators;

import app.famichat.platform.errors.FamichatException;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Who may use the operator endpoints: the users of {@link OperatorSettings}. Everyone else is answered as if the
 * endpoints did not exist (404). Immutable, hence no container locking.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Operators {

    @Inject
    OperatorSettings settings;

    public void require(UUID userId) {
        if (!settings.ids().contains(userId)) {
            throw FamichatException.notFound("Not found");
        }
    }
}

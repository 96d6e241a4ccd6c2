package app.famichat.operators;

import app.famichat.platform.errors.FamichatException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may use the operator endpoints: the user ids listed in {@code famichat.operators} (comma-separated). Ids,
 * not usernames, because a username not yet registered could be taken by anyone. Everyone else is answered as if
 * the endpoints did not exist (404).
 */
@ApplicationScoped
public class Operators {

    @Inject
    @ConfigProperty(name = "famichat.operators")
    Optional<String> configured;

    private Set<UUID> operators;

    public void require(UUID userId) {
        if (!ids().contains(userId)) {
            throw FamichatException.notFound("Not found");
        }
    }

    private synchronized Set<UUID> ids() {
        if (operators == null) {
            // A plain string split here: Payara's MicroProfile Config cannot inject Optional<List<String>>.
            operators = Arrays.stream(configured.orElse("").split(",")).map(String::strip).filter(id -> !id.isEmpty())
                    .map(UUID::fromString).collect(Collectors.toUnmodifiableSet());
        }
        return operators;
    }
}

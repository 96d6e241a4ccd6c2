package app.famichat.operators;

import app.famichat.platform.errors.FamichatException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may use the operator endpoints: the user ids listed in {@code famichat.operators} (comma-separated). Ids,
 * not usernames, because a username not yet registered could be taken by anyone. Everyone else is answered as if
 * the endpoints did not exist (404).
 *
 * <p>A startup singleton so that a malformed list stops the deployment with a message naming the setting, instead
 * of every operator call answering 500 later. Immutable after start, hence no container locking.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Operators {

    private static final Logger LOG = Logger.getLogger(Operators.class.getName());

    /** The canonical form only: {@link UUID#fromString} also takes "1-2-3-4-5", which nobody means. */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Inject
    @ConfigProperty(name = "famichat.operators")
    Optional<String> configured;

    private Set<UUID> operators;

    @PostConstruct
    void check() {
        // A plain string split here: Payara's MicroProfile Config cannot inject Optional<List<String>>.
        List<String> ids = Arrays.stream(configured.orElse("").split(",")).map(String::strip)
                .filter(id -> !id.isEmpty()).toList();
        List<String> malformed = ids.stream().filter(id -> !CANONICAL_UUID.matcher(id).matches()).toList();
        if (!malformed.isEmpty()) {
            // User ids are not secret, so the message names them; Payara reports only "Unable to invoke check()".
            String message = "famichat.operators must list user ids in the form "
                    + "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, separated by commas; not ids: " + malformed;
            LOG.severe(message);
            throw new IllegalStateException(message);
        }
        operators = ids.stream().map(UUID::fromString).collect(Collectors.toUnmodifiableSet());
    }

    public void require(UUID userId) {
        if (!operators.contains(userId)) {
            throw FamichatException.notFound("Not found");
        }
    }
}

package app.famichat.operators;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The user ids listed in {@code famichat.operators} (comma-separated; docs/configuration.md). Ids, not usernames,
 * because a username not yet registered could be taken by anyone. A malformed list stops the deployment with a
 * message naming the setting, instead of every operator call answering 500 later.
 */
@ApplicationScoped
public class OperatorSettings {

    /** The canonical form only: {@link UUID#fromString} also takes "1-2-3-4-5", which nobody means. */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Inject
    @ConfigProperty(name = "famichat.operators")
    Optional<String> configured;

    private Set<UUID> ids;

    @PostConstruct
    void check() {
        // A plain string split here: Payara's MicroProfile Config cannot inject Optional<List<String>>.
        List<String> listed = Arrays.stream(configured.orElse("").split(",")).map(String::strip)
                .filter(id -> !id.isEmpty()).toList();
        List<String> malformed = listed.stream().filter(id -> !CANONICAL_UUID.matcher(id).matches()).toList();
        // User ids are not secret, so the message names them.
        SettingCheck.require(malformed.isEmpty(), "famichat.operators must list user ids in the form "
                + "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, separated by commas; not ids: " + malformed);
        ids = listed.stream().map(UUID::fromString).collect(Collectors.toUnmodifiableSet());
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /** The operators' user ids; empty when none are configured. */
    public Set<UUID> ids() {
        return ids;
    }
}

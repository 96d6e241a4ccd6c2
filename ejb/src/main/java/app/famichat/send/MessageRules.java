package app.famichat.send;

import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.text.TextRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The named limits of messages (docs/api.md, "Limits"). */
@ApplicationScoped
public class MessageRules {

    /** Client message ids: 1-64 characters a client can generate without escaping (a UUID, a counter). */
    static final Pattern CLIENT_MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    static final int DEFAULT_PAGE = 50;

    @Inject
    @ConfigProperty(name = "famichat.message.max-body-chars", defaultValue = "4096")
    int maxBodyChars;

    @Inject
    @ConfigProperty(name = "famichat.history.max-page", defaultValue = "200")
    int maxPage;

    String body(String body) {
        return TextRules.body(body, maxBodyChars).valueOrRefuse("body");
    }

    /** Whether {@code id} is a valid client message id: the one rule, also for what error frames may echo. */
    public static boolean isClientMessageId(String id) {
        return id != null && CLIENT_MESSAGE_ID.matcher(id).matches();
    }

    String clientMessageId(String id) {
        if (!isClientMessageId(id)) {
            throw FamichatException.invalid("clientMessageId", "must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        return id;
    }

    public int pageSize(Long limit) {
        if (limit == null) {
            return DEFAULT_PAGE;
        }
        if (limit < 1 || limit > maxPage) {
            throw FamichatException.invalid("limit", "must be between 1 and " + maxPage);
        }
        return limit.intValue();
    }
}

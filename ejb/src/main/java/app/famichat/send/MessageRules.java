package app.famichat.send;

import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.text.TextRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.regex.Pattern;

/** The named limits of messages (docs/api.md, "Limits"). */
@ApplicationScoped
public class MessageRules {

    /** Client message ids: 1-64 characters a client can generate without escaping (a UUID, a counter). */
    static final Pattern CLIENT_MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Inject
    SendSettings settings;

    String body(String body) {
        return TextRules.body(body, settings.maxBodyChars()).valueOrRefuse("body");
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
}

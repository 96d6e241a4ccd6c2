package app.famichat.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.accounts.AccountService;
import java.util.UUID;

/** In-container tests: hosted users made through the account service (add it to the deployment archive). */
final class HostedUsers {

    static final String PASSWORD = "correct horse battery";

    private HostedUsers() {
    }

    /** A new user with a unique name starting with {@code tag}, and their first device: device 1, "phone". */
    static UUID withPhone(AccountService accounts, String tag) {
        UUID user = accounts.register(tag + "-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD, tag).id();
        assertEquals(1, accounts.addDevice(user, "phone").device().deviceId());
        return user;
    }
}

package app.famichat.membership;

import app.famichat.platform.errors.FamichatException;
import java.util.Arrays;

/** A member's role in a family or a group conversation: admins manage the members. */
public enum Role {
    ADMIN,
    MEMBER;

    /** The role named by a request field; a validation refusal for anything else. */
    public static Role parse(String field, String text) {
        return Arrays.stream(values()).filter(role -> role.name().equals(text)).findFirst()
                .orElseThrow(() -> FamichatException.invalid(field, "must be ADMIN or MEMBER"));
    }
}

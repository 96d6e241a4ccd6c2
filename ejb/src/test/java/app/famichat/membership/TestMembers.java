package app.famichat.membership;

import java.util.List;
import java.util.UUID;

/** Users and member lists of the families' and conversations' unit tests. */
public final class TestMembers {

    private TestMembers() {
    }

    /** Ids in the order of their numbers: members who joined at once are listed by username, which is the id. */
    public static UUID user(int number) {
        return new UUID(0, number);
    }

    public static List<UUID> ids(List<Member> members) {
        return members.stream().map(Member::userId).toList();
    }
}

package app.famichat.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The fixture of the black-box message tests: a new family (its admin and members who joined with invites), the
 * family conversation, and sockets of its members, connected and authenticated with nothing pushed on connect.
 */
public final class FamilyChat {

    private final String baseUrl;
    private final Users.SignedIn admin;
    private final UUID familyId;
    private final List<Users.SignedIn> others;
    private String conversation;

    private FamilyChat(String baseUrl, Users.SignedIn admin, UUID familyId, List<Users.SignedIn> others) {
        this.baseUrl = baseUrl;
        this.admin = admin;
        this.familyId = familyId;
        this.others = others;
    }

    /**
     * A new user (named after {@code prefix}) who creates a family, and {@code others} new users (named
     * {@code prefix-kin}) who join it.
     */
    public static FamilyChat create(String baseUrl, String prefix, int others) throws Exception {
        Users.SignedIn admin = Users.registerAndSignIn(new Http(baseUrl), prefix);
        UUID familyId = Families.create(admin, prefix + " family");
        return new FamilyChat(baseUrl, admin, familyId,
                List.copyOf(Families.joinNew(admin, familyId, others, prefix + "-kin")));
    }

    /** The user who created the family. */
    public Users.SignedIn admin() {
        return admin;
    }

    public UUID familyId() {
        return familyId;
    }

    /** The members who joined, in the order they joined. */
    public List<Users.SignedIn> others() {
        return others;
    }

    public Users.SignedIn other(int index) {
        return others.get(index);
    }

    /** Every member: the admin first, then the others in the order they joined. */
    public List<Users.SignedIn> members() {
        List<Users.SignedIn> members = new ArrayList<>();
        members.add(admin);
        members.addAll(others);
        return List.copyOf(members);
    }

    /** The family's conversation, created (by the admin) on the first call. */
    public String conversation() throws Exception {
        if (conversation == null) {
            conversation = Messages.familyConversation(admin, familyId);
        }
        return conversation;
    }

    /** A socket of the member's device, authenticated; fails if anything is pushed on connect. */
    public SocketClient connect(Users.SignedIn member) throws Exception {
        return Messages.connectedQuiet(baseUrl, member);
    }

    /** {@link #connect(Users.SignedIn)} for each of {@code members}, in order; the caller closes them. */
    public List<SocketClient> connect(List<Users.SignedIn> members) throws Exception {
        List<SocketClient> sockets = new ArrayList<>();
        try {
            for (Users.SignedIn member : members) {
                sockets.add(connect(member));
            }
            return sockets;
        } catch (Exception | Error e) {
            sockets.forEach(SocketClient::close);
            throw e;
        }
    }
}

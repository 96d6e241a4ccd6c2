package app.famichat.web.families;

import app.famichat.families.FamilyDetails;
import app.famichat.families.IssuedInvite;
import app.famichat.web.accounts.AccountViews.MemberView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** JSON views of families and invites. */
public final class FamilyViews {

    private FamilyViews() {
    }

    public record FamilyView(UUID id, String name, List<MemberView> members) {
        public static FamilyView of(FamilyDetails details) {
            return new FamilyView(details.family().id(), details.family().name(),
                    details.members().stream().map(MemberView::of).toList());
        }
    }

    public record InviteView(String code, UUID familyId, Instant expiresAt) {
        public static InviteView of(IssuedInvite invite) {
            return new InviteView(invite.code(), invite.familyId(), invite.expiresAt());
        }
    }
}

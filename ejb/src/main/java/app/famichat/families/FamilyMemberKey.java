package app.famichat.families;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Primary key of {@link FamilyMember}. */
public class FamilyMemberKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private UUID familyId;
    private UUID userId;

    public FamilyMemberKey() {
    }

    public FamilyMemberKey(UUID familyId, UUID userId) {
        this.familyId = familyId;
        this.userId = userId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FamilyMemberKey key && Objects.equals(key.familyId, familyId)
                && Objects.equals(key.userId, userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(familyId, userId);
    }
}

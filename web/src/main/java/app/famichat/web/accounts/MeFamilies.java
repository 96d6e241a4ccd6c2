package app.famichat.web.accounts;

import app.famichat.families.FamilyService;
import app.famichat.membership.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/** The families part of {@code GET /api/v1/me}: which families the caller is in, and as what. */
@ApplicationScoped
public class MeFamilies {

    @Inject
    FamilyService families;

    public record FamilyRef(UUID id, String name, Role role) {
    }

    public List<FamilyRef> of(UUID userId) {
        return families.familiesOf(userId).stream()
                .map(family -> new FamilyRef(family.familyId(), family.name(), family.role()))
                .toList();
    }
}

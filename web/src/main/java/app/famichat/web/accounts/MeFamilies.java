package app.famichat.web.accounts;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The families part of {@code GET /api/v1/me}; filled by the families feature. */
@ApplicationScoped
public class MeFamilies {

    public List<?> of(UUID userId) {
        return List.of();
    }
}

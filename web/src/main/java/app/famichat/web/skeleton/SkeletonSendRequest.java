package app.famichat.web.skeleton;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Limits: a label of 1..200 characters; 1..{@value #MAX_TARGETS} distinct targets of 1..64 characters from
 * {@code [A-Za-z0-9._-]}.
 */
public record SkeletonSendRequest(
        @NotBlank @Size(max = 200) String label,
        @NotNull @Size(min = 1, max = MAX_TARGETS)
        List<@NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 characters of [A-Za-z0-9._-]")
                String> targets) {

    public static final int MAX_TARGETS = 32;

    public SkeletonSendRequest {
        // Duplicates would publish two messages for one (send, target) row: keep the first of each.
        targets = targets == null ? null : targets.stream().distinct().toList();
    }
}

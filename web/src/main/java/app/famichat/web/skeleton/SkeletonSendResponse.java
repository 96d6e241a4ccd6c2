package app.famichat.web.skeleton;

import java.util.UUID;

public record SkeletonSendResponse(UUID sendId, int targets) {
}

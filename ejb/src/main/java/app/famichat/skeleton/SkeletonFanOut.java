package app.famichat.skeleton;

import java.util.UUID;

/** Hands one (send, target) pair to the asynchronous delivery side; joins the caller's transaction. */
public interface SkeletonFanOut {

    void publish(UUID sendId, String target);
}

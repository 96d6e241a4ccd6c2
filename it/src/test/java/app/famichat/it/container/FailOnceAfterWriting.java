package app.famichat.it.container;

import app.famichat.skeleton.SkeletonDelivery;
import app.famichat.skeleton.SkeletonStore;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Test-only fault: for targets named {@code fail-once-*}, the first delivery attempt writes its row and then
 * fails, so the message-driven bean's transaction rolls back after the write and the broker redelivers.
 */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class FailOnceAfterWriting implements SkeletonStore {

    static final String TARGET_PREFIX = "fail-once-";

    @Inject
    @Delegate
    @Any
    SkeletonStore delegate;

    @Override
    public void saveDelivery(SkeletonDelivery delivery) {
        delegate.saveDelivery(delivery);
        if (delivery.target().startsWith(TARGET_PREFIX) && delivery.attempt() == 1) {
            throw new IllegalStateException("injected failure after writing the delivery row");
        }
    }
}

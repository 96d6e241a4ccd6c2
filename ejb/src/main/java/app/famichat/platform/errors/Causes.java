package app.famichat.platform.errors;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

/** A failure's chain of causes, as the containers wrap it (EJB, JTA, JPA, JMS): walked once, loops cut. */
public final class Causes {

    private Causes() {
    }

    /** True if {@code failure} or one of its causes matches. */
    public static boolean any(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause (the failure itself if it has none). */
    public static Throwable root(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = failure;
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root;
    }
}

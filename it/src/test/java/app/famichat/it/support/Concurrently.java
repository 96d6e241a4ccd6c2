package app.famichat.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Races for black-box tests: requests sent at once, each on a thread of its own. */
public final class Concurrently {

    private Concurrently() {
    }

    /** The results of {@code one} and {@code other}, run at the same time, in that order; throws what either threw. */
    public static <T> List<T> both(Callable<T> one, Callable<T> other) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> result : pool.invokeAll(List.of(one, other))) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

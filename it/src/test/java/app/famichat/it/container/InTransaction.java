package app.famichat.it.container;

import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.util.concurrent.Callable;

/** In-container tests: work in a transaction of its own, committed if it returns, rolled back if it throws. */
final class InTransaction {

    private InTransaction() {
    }

    static <T> T call(UserTransaction tx, Callable<T> work) throws Exception {
        tx.begin();
        try {
            T result = work.call();
            tx.commit();
            return result;
        } catch (Exception | Error e) {
            rollbackIfActive(tx);
            throw e;
        }
    }

    static void rollbackIfActive(UserTransaction tx) throws Exception {
        if (tx.getStatus() != Status.STATUS_NO_TRANSACTION) {
            tx.rollback();
        }
    }
}

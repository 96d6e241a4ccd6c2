package app.famichat.web.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    @Test
    void aTransactionTheManagerCouldNotCompleteIsAServiceFailureNotAnError() {
        // As the container reported it when the primary broker was killed during a send's commit (TopologyFaultsIT).
        SystemException commit = new SystemException("JTS5031: Exception [org.omg.CORBA.INTERNAL] on Resource [rollback]");
        commit.initCause(new IllegalStateException("org.omg.CORBA.INTERNAL"));
        assertTrue(ProblemMappers.isIncompleteTransaction(new EJBException(commit)));
        assertTrue(ProblemMappers.isIncompleteTransaction(new EJBException(new HeuristicMixedException("mixed"))));
        // The broker killed before its branch was prepared: JTS rolled back (TopologyFaultsIT, no broker at all).
        assertTrue(ProblemMappers.isIncompleteTransaction(new EJBException(new RollbackException())));
    }

    @Test
    void otherFailuresAreNotTakenForAnIncompleteTransaction() {
        assertFalse(ProblemMappers.isIncompleteTransaction(new EJBException(new IllegalStateException("a bug"))));
        assertFalse(ProblemMappers.isIncompleteTransaction(new NullPointerException()));
    }
}

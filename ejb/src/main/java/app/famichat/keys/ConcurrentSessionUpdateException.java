package app.famichat.keys;

/**
 * Another writer stored the same Signal session since this one loaded it (its version moved on): the caller
 * must roll back and retry from a fresh load, never overwrite, or two ratchets would diverge.
 */
public class ConcurrentSessionUpdateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConcurrentSessionUpdateException(String message) {
        super(message);
    }
}

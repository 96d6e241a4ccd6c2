package app.famichat.vault;

/** The user has no storage key (erased, or never created): what was sealed under it cannot be read any more. */
public class StorageKeyErasedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StorageKeyErasedException() {
        super("The user's storage key does not exist (erased): the data sealed under it is unreadable");
    }
}

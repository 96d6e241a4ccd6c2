package app.famichat.vault;

import jakarta.ejb.ApplicationException;

/**
 * The user has no storage key (erased, or never created): what was sealed under it cannot be read any more. Reaches
 * the caller of {@link StorageKeys} as it is (not wrapped) and rolls the transaction back.
 */
@ApplicationException(rollback = true)
public class StorageKeyErasedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StorageKeyErasedException() {
        super("The user's storage key does not exist (erased): the data sealed under it is unreadable");
    }
}

package app.famichat.delivery;

/** The outcome of decrypting one envelope; every libsignal failure is one of these, never an exception. */
sealed interface Decryption {

    record Plain(String body) implements Decryption {
    }

    record Failed(DecryptFailure reason) implements Decryption {
    }
}

package app.famichat.keys;

import org.signal.libsignal.protocol.IdentityKeyPair;

/**
 * A user's new identity key pair with its stored form: the serialized pair sealed by the vault.
 *
 * @param sealedPair {@code IdentityKeyPair.serialize()}, sealed with the {@link KeyRows#identity} context
 */
public record SealedIdentity(IdentityKeyPair pair, byte[] sealedPair) {
}

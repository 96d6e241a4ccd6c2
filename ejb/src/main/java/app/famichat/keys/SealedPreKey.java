package app.famichat.keys;

/**
 * A generated prekey as it is stored: public parts in clear (they go into bundles), the libsignal record with the
 * private key sealed by the vault for its row.
 *
 * @param signature    the identity key's signature of the public key; null for one-time EC prekeys
 * @param sealedRecord the serialized libsignal record, sealed with the row's {@link KeyRows#prekey} context
 */
record SealedPreKey(PreKeyKind kind, int id, byte[] publicKey, byte[] signature, byte[] sealedRecord) {
}

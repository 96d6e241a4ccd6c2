package app.famichat.custody;

import app.famichat.keys.SignalKeys;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.vault.KeyVault;
import app.famichat.vault.Keyring;
import app.famichat.vault.SealContext;
import app.famichat.vault.VaultException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPrivateKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * The cryptography of family recovery (docs/security.md, "Family recovery"); the recovery package keeps the rows
 * and the rules. Setup splits a new secret S among the guardians, each share sealed to the guardian's identity key
 * ({@link Ecies}), and wraps the owner's keyring key K under S. A recovery request has a key pair of its own whose
 * private key is wrapped under the new password (Argon2id). A guardian's approval opens their share with their
 * identity private key (usable only while they are signed in, as they are locked) and seals it to the request's
 * key. Completion opens the request's key with the new password, the released shares with it, joins S and unwraps
 * K, which is then wrapped under the new password. Every value is also sealed by the vault at its place; S, the
 * plain shares and K are wiped after use. Runs in the caller's transaction.
 */
@ApplicationScoped
public class FamilyRecoveryKeys {

    @Inject
    KeyVault vault;

    @Inject
    SignalKeys signalKeys;

    @Inject
    Keyrings keyrings;

    @Inject
    KeyringStore store;

    @Inject
    CustodySettings settings;

    /** A share as stored: its Shamir index and the value sealed to its guardian, then by the vault. */
    public record SealedShare(UUID guardianId, int index, byte[] sealed) {
    }

    /** A new setup as stored: the salt of S's wrapping key, K wrapped under it (vault-sealed), the shares. */
    public record SealedSetup(byte[] salt, byte[] sealedWrappedKey, List<SealedShare> shares) {
    }

    /** A recovery request's key pair as stored: the public key, and the private key under the new password. */
    public record RequestKey(byte[] publicKey, byte[] salt, int memoryKib, int iterations, int parallelism,
                             byte[] sealedPrivateKey) {
    }

    /** A released share as stored, with the guardian who released it. */
    public record ReleasedShare(UUID guardianId, int index, byte[] sealed, SealContext place) {
    }

    /** How a completion went. */
    public enum Outcome {
        RECOVERED,
        /** The new password is not the one the request was made with: nothing changed. */
        WRONG_PASSWORD,
        /** The released shares do not give the secret K was wrapped under (altered rows): nothing changed. */
        NOT_AUTHENTIC
    }

    /**
     * A new setup of {@code ownerId}, whose K is unlocked on this thread: S split into one share per guardian (in
     * the order given; indexes from 1), any {@code threshold} of which give S back.
     *
     * @param keyPlace   where the wrapped K is stored
     * @param sharePlace where each guardian's share is stored
     * @throws app.famichat.vault.KeyringLockedException if K is not unlocked here
     */
    public SealedSetup newSetup(UUID ownerId, UUID setupId, int threshold, List<UUID> guardians, SealContext keyPlace,
                                Function<UUID, SealContext> sharePlace) {
        byte[] secret = GuardianSecrets.newSecret();
        byte[] salt = GuardianSecrets.newSalt();
        byte[] wrappingKey = GuardianSecrets.wrappingKey(secret, salt);
        Map<Integer, byte[]> parts = GuardianSecrets.split(secret, guardians.size(), threshold);
        try {
            byte[] wrapped = keyrings.wrapUnder(ownerId, wrappingKey, keyPlace);
            List<SealedShare> shares = new ArrayList<>();
            for (int i = 0; i < guardians.size(); i++) {
                UUID guardian = guardians.get(i);
                int index = i + 1;
                byte[] sealed = Ecies.seal(signalKeys.identityKey(guardian).getPublicKey(),
                        Ecies.Purpose.GUARDIAN_SHARE, shareBinding(ownerId, guardian, index, setupId),
                        parts.get(index));
                shares.add(new SealedShare(guardian, index, vault.seal(sealed, sharePlace.apply(guardian))));
            }
            return new SealedSetup(salt, wrapped, shares);
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(wrappingKey, (byte) 0);
            parts.values().forEach(part -> Arrays.fill(part, (byte) 0));
        }
    }

    /** A new request key pair, its private key wrapped under {@code newPassword} (Argon2id) and sealed at place. */
    public RequestKey newRequestKey(UUID ownerId, String newPassword, SealContext place) {
        ECKeyPair pair = ECKeyPair.generate();
        byte[] salt = PasswordKeys.newSalt();
        PasswordKeys.Parameters parameters = settings.argon2();
        byte[] passwordKey = PasswordKeys.derive(newPassword, salt, parameters);
        byte[] privateKey = pair.getPrivateKey().serialize();
        try {
            byte[] sealed = vault.seal(Keyring.seal(passwordKey, ownerId, place, privateKey), place);
            return new RequestKey(pair.getPublicKey().serialize(), salt, parameters.memoryKib(),
                    parameters.iterations(), parameters.parallelism(), sealed);
        } finally {
            Arrays.fill(passwordKey, (byte) 0);
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    /**
     * A guardian's approval: their share, opened with their identity private key (their K must be unlocked on this
     * thread: they are signed in), sealed to the request's public key and by the vault at {@code releasedPlace}.
     *
     * @throws FamichatException 409 if the share does not open (it was altered, or sealed to another key)
     */
    public byte[] release(UUID ownerId, UUID guardianId, UUID setupId, int index, byte[] sealedShare,
                          SealContext sharePlace, UUID requestId, byte[] requestPublicKey, SealContext releasedPlace) {
        ECPrivateKey identity = signalKeys.identity(guardianId).getPrivateKey();
        byte[] share = openVault(sealedShare, sharePlace).flatMap(sealed -> Ecies.open(identity,
                        Ecies.Purpose.GUARDIAN_SHARE, shareBinding(ownerId, guardianId, index, setupId), sealed))
                .orElseThrow(() -> new FamichatException(Failure.CONFLICT, "Your share of this setup does not open"));
        try {
            byte[] released = Ecies.seal(publicKey(requestPublicKey), Ecies.Purpose.RELEASED_SHARE,
                    releasedBinding(ownerId, guardianId, index, requestId), share);
            return vault.seal(released, releasedPlace);
        } finally {
            Arrays.fill(share, (byte) 0);
        }
    }

    /**
     * Completion: the request's private key opened with {@code newPassword}, the released shares with it, S joined
     * from them and K unwrapped with it, then wrapped under the new password. The caller has checked that there
     * are at least threshold shares; it changes the sign-in hash and revokes every token.
     */
    public Outcome recover(UUID ownerId, UUID requestId, String newPassword, RequestKey requestKey,
                           SealContext requestPlace, List<ReleasedShare> released, byte[] setupSalt,
                           byte[] sealedWrappedKey, SealContext keyPlace) {
        if (store.lockCustody(ownerId).orElse(KeyCustody.HOSTED) != KeyCustody.LOCKED) {
            return Outcome.NOT_AUTHENTIC;
        }
        byte[] passwordKey = PasswordKeys.derive(newPassword, requestKey.salt(), new PasswordKeys.Parameters(
                requestKey.memoryKib(), requestKey.iterations(), requestKey.parallelism()));
        byte[] privateBytes;
        try {
            privateBytes = Keyring.open(passwordKey, ownerId, requestPlace,
                    vault.open(requestKey.sealedPrivateKey(), requestPlace));
        } catch (VaultException e) {
            return Outcome.WRONG_PASSWORD;
        } finally {
            Arrays.fill(passwordKey, (byte) 0);
        }
        Map<Integer, byte[]> parts = new HashMap<>();
        byte[] secret = null;
        byte[] wrappingKey = null;
        try {
            ECPrivateKey privateKey = new ECPrivateKey(privateBytes);
            for (ReleasedShare share : released) {
                Optional<byte[]> part = openVault(share.sealed(), share.place()).flatMap(sealed -> Ecies.open(
                        privateKey, Ecies.Purpose.RELEASED_SHARE,
                        releasedBinding(ownerId, share.guardianId(), share.index(), requestId), sealed));
                if (part.isEmpty()) {
                    return Outcome.NOT_AUTHENTIC;
                }
                parts.put(share.index(), part.get());
            }
            secret = GuardianSecrets.join(parts);
            wrappingKey = GuardianSecrets.wrappingKey(secret, setupSalt);
            return keyrings.recoverWith(ownerId, wrappingKey, keyPlace, sealedWrappedKey, newPassword)
                    ? Outcome.RECOVERED : Outcome.NOT_AUTHENTIC;
        } catch (InvalidKeyException e) {
            return Outcome.NOT_AUTHENTIC;
        } finally {
            Arrays.fill(privateBytes, (byte) 0);
            parts.values().forEach(part -> Arrays.fill(part, (byte) 0));
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
            if (wrappingKey != null) {
                Arrays.fill(wrappingKey, (byte) 0);
            }
        }
    }

    /** What a guardian's share is bound to: owner, guardian, share index and setup. */
    static byte[] shareBinding(UUID ownerId, UUID guardianId, int index, UUID setupId) {
        return Ecies.bound(ownerId, guardianId, index, setupId);
    }

    /** What a released share is bound to: owner, guardian, share index and request. */
    static byte[] releasedBinding(UUID ownerId, UUID guardianId, int index, UUID requestId) {
        return Ecies.bound(ownerId, guardianId, index, requestId);
    }

    private Optional<byte[]> openVault(byte[] sealed, SealContext place) {
        try {
            return Optional.of(vault.open(sealed, place));
        } catch (VaultException e) {
            return Optional.empty();
        }
    }

    private static ECPublicKey publicKey(byte[] serialized) {
        try {
            return new ECPublicKey(serialized);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A stored request key does not parse", e);
        }
    }
}

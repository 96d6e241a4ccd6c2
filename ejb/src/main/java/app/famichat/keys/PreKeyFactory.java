package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import app.famichat.vault.UserSecrets;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * Generates Signal keys with libsignal and seals their private parts by the user's custody ({@link UserSecrets}), for the row each will be
 * stored in. No database: {@link SignalKeyStore} stores the result, and benchmarks can time generation alone.
 * Signed EC prekeys and Kyber prekeys (one-time and last-resort) are signed by the user's identity key.
 */
@Dependent
public class PreKeyFactory {

    private final UserSecrets secrets;

    @Inject
    public PreKeyFactory(UserSecrets secrets) {
        this.secrets = secrets;
    }

    /** A user's new long-term identity key pair. */
    public SealedIdentity identity(UUID userId) {
        IdentityKeyPair pair = IdentityKeyPair.generate();
        return new SealedIdentity(pair, secrets.seal(userId, pair.serialize(), KeyRows.identity(userId)));
    }

    /**
     * A new device's full key set: a signed EC prekey and the Kyber last-resort prekey, then {@code stock}
     * one-time Kyber and {@code stock} one-time EC prekeys, with ids from {@link PreKeyIds#FIRST}.
     */
    public NewPreKeys newDevice(IdentityKeyPair identity, DeviceAddress device, int stock, Instant createdAt) {
        NewPreKeys rotated = rotation(identity, device, PreKeyIds.FIRST, createdAt);
        return rotated.and(oneTime(identity, device, rotated.next(), new PreKeyStock(stock, stock), createdAt));
    }

    /** A new signed EC prekey and a new Kyber last-resort prekey, the next ids of their kinds. */
    public NewPreKeys rotation(IdentityKeyPair identity, DeviceAddress device, PreKeyIds from, Instant createdAt) {
        long timestamp = createdAt.toEpochMilli();
        int signedId = from.nextSigned();
        ECKeyPair signedPair = ECKeyPair.generate();
        byte[] signedPublic = signedPair.getPublicKey().serialize();
        byte[] signedSignature = identity.getPrivateKey().calculateSignature(signedPublic);
        SignedPreKeyRecord signed = new SignedPreKeyRecord(signedId, timestamp, signedPair, signedSignature);
        List<SealedPreKey> keys = List.of(
                sealed(device, PreKeyKind.SIGNED, signedId, signedPublic, signedSignature, signed.serialize()),
                kyber(identity, device, PreKeyKind.LAST_RESORT_KYBER, from.nextKyber(), timestamp));
        return new NewPreKeys(keys, from.afterSigned(1).afterKyber(1));
    }

    /** {@code count} one-time prekeys of each kind, the next ids of their kinds. */
    public NewPreKeys oneTime(IdentityKeyPair identity, DeviceAddress device, PreKeyIds from, PreKeyStock count,
                              Instant createdAt) {
        long timestamp = createdAt.toEpochMilli();
        List<SealedPreKey> keys = new ArrayList<>(count.oneTimeKyber() + count.oneTimeEc());
        for (int id : PreKeyIds.block(from.nextKyber(), count.oneTimeKyber())) {
            keys.add(kyber(identity, device, PreKeyKind.ONE_TIME_KYBER, id, timestamp));
        }
        for (int id : PreKeyIds.block(from.nextEc(), count.oneTimeEc())) {
            ECKeyPair pair = ECKeyPair.generate();
            keys.add(sealed(device, PreKeyKind.ONE_TIME_EC, id, pair.getPublicKey().serialize(), null,
                    new PreKeyRecord(id, pair).serialize()));
        }
        return new NewPreKeys(keys, from.afterKyber(count.oneTimeKyber()).afterEc(count.oneTimeEc()));
    }

    private SealedPreKey kyber(IdentityKeyPair identity, DeviceAddress device, PreKeyKind kind, int id,
                               long timestamp) {
        KEMKeyPair pair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        byte[] publicKey = pair.getPublicKey().serialize();
        byte[] signature = identity.getPrivateKey().calculateSignature(publicKey);
        return sealed(device, kind, id, publicKey, signature,
                new KyberPreKeyRecord(id, timestamp, pair, signature).serialize());
    }

    private SealedPreKey sealed(DeviceAddress device, PreKeyKind kind, int id, byte[] publicKey, byte[] signature,
                                byte[] record) {
        return new SealedPreKey(kind, id, publicKey, signature,
                secrets.seal(device.userId(), record,
                        KeyRows.prekey(kind.column, device.userId(), device.deviceId(), id)));
    }
}

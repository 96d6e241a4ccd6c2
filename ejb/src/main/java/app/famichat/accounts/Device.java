package app.famichat.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** One device of a user: a Signal address (user, deviceId) with its registration id and key custody. */
@Entity
@Table(name = "devices")
@IdClass(DeviceKey.class)
public class Device {

    /** Signal device ids are 1..127. */
    public static final int MAX_DEVICE_ID = 127;

    @Id
    @Column(name = "user_id")
    private UUID userId;

    @Id
    @Column(name = "device_id")
    private short deviceId;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(name = "registration_id", nullable = false)
    private int registrationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Custody custody;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** SHA-256 of the device credential; null for devices created before credentials existed. */
    @Column(name = "credential_hash")
    private byte[] credentialHash;

    @Column(name = "last_signed_in_at", nullable = false)
    private OffsetDateTime lastSignedInAt;

    protected Device() {
    }

    Device(UUID userId, int deviceId, String name, int registrationId, Custody custody, byte[] credentialHash,
           Instant createdAt) {
        if (deviceId < 1 || deviceId > MAX_DEVICE_ID) {
            throw new IllegalArgumentException("device id out of range: " + deviceId);
        }
        this.userId = userId;
        this.deviceId = (short) deviceId;
        this.name = name;
        this.registrationId = registrationId;
        this.custody = custody;
        this.credentialHash = credentialHash.clone();
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
        this.lastSignedInAt = this.createdAt;
    }

    public UUID userId() {
        return userId;
    }

    public DeviceAddress address() {
        return new DeviceAddress(userId, deviceId);
    }

    public int deviceId() {
        return deviceId;
    }

    public String name() {
        return name;
    }

    public int registrationId() {
        return registrationId;
    }

    public Custody custody() {
        return custody;
    }

    public Instant createdAt() {
        return createdAt.toInstant();
    }

    public Instant lastSignedInAt() {
        return lastSignedInAt.toInstant();
    }

    /** Whether {@code credential} is this device's credential (compared in constant time). */
    public boolean provenBy(String credential) {
        return credentialHash != null && DeviceCredentials.hash(credential)
                .map(hash -> MessageDigest.isEqual(hash, credentialHash)).orElse(false);
    }

    /** A sign-in on this device keeps it from being swept as stale. */
    void signedIn(Instant at) {
        lastSignedInAt = at.atOffset(ZoneOffset.UTC);
    }
}

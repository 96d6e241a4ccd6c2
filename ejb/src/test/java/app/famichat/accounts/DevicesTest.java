package app.famichat.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void aDeviceIsProvenOnlyByItsOwnCredential() {
        String credential = DeviceCredentials.generate();
        assertTrue(credential.matches("fcd1_[A-Za-z0-9_-]{43}"), credential);
        Device device = device(credential);
        assertTrue(device.provenBy(credential));
        assertFalse(device.provenBy(DeviceCredentials.generate()));
        assertFalse(device.provenBy(null));
        assertFalse(device.provenBy(""));
        assertFalse(device.provenBy(credential.substring(0, credential.length() - 1)));
    }

    @Test
    void aSignInMovesTheLastSignInTime() {
        Device device = device(DeviceCredentials.generate());
        assertEquals(device.createdAt(), device.lastSignedInAt());
        Instant later = device.createdAt().plus(Duration.ofDays(3));
        device.signedIn(later);
        assertEquals(later, device.lastSignedInAt());
    }

    @Test
    void settingsAreCheckedAtDeploy() {
        assertEquals(10, new DeviceSettings(10, Duration.ofDays(90), Duration.ofHours(1)).maxPerAccount());
        assertThrows(IllegalStateException.class, () -> new DeviceSettings(0, Duration.ofDays(90), Duration.ofHours(1)));
        assertThrows(IllegalStateException.class, () -> new DeviceSettings(128, Duration.ofDays(90), Duration.ofHours(1)));
        IllegalStateException tooShort = assertThrows(IllegalStateException.class,
                () -> new DeviceSettings(10, Duration.ofHours(1), Duration.ofHours(1)));
        assertTrue(tooShort.getMessage().contains("famichat.devices.stale-after"), tooShort.getMessage());
        assertThrows(IllegalStateException.class, () -> new DeviceSettings(10, Duration.ofDays(90), Duration.ZERO));
    }

    private static Device device(String credential) {
        return new Device(UUID.randomUUID(), 1, "Phone", 42, Custody.HOSTED,
                DeviceCredentials.hash(credential).orElseThrow(), Instant.parse("2026-12-01T10:00:00Z"));
    }
}

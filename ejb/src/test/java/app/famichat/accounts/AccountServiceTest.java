package app.famichat.accounts;

import static app.famichat.platform.errors.Refusals.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.testing.RecordingEvent;
import app.famichat.vault.StorageKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Registration and device rules of {@link AccountService}, with in-memory accounts and devices. */
class AccountServiceTest {

    private static final int MAX_DEVICES = 3;

    private final Store store = new Store();
    private final List<UUID> storageKeys = new ArrayList<>();
    private final List<String> limited = new ArrayList<>();
    private final RecordingEvent<AccountRegistered> registered = new RecordingEvent<>();
    private final RecordingEvent<DeviceAdded> added = new RecordingEvent<>();
    private boolean overTheLimit;
    private final AccountService service = service();
    private final UUID ann = UUID.randomUUID();

    private AccountService service() {
        AccountService service = new AccountService();
        service.store = store;
        service.hasher = new PasswordHasher() {
            @Override
            public String hash(String password) {
                return "hash:" + password;
            }
        };
        service.registered = registered;
        service.deviceAdded = added;
        service.storageKeys = new StorageKeys() {
            @Override
            public boolean create(UUID userId) {
                return storageKeys.add(userId);
            }
        };
        service.deviceSettings = new DeviceSettings(MAX_DEVICES, Duration.ofDays(90), Duration.ofHours(1));
        service.rateLimiters = new RateLimiters() {
            @Override
            public Counted check(Limiter limiter, String key) {
                limited.add(limiter + " " + key);
                if (overTheLimit) {
                    throw FamichatException.rateLimited(limiter.configName(), 60);
                }
                return new Counted(Map.of());
            }
        };
        return service;
    }

    @Test
    void aNewAccountGetsItsIdentityAndStorageKeyInTheSameStep() {
        Account account = service.register("Ann", "secret password", "Ann Doe");
        assertEquals("ann", account.username());
        assertEquals("hash:secret password", account.passwordHash());
        assertEquals(List.of(new AccountRegistered(account.id())), registered.fired);
        assertEquals(List.of(account.id()), storageKeys);
    }

    @Test
    void aTakenUsernameIsAConflictAndCreatesNothing() {
        service.register("ann", "secret password", "Ann");
        refusal(Failure.CONFLICT, () -> service.register("ANN", "another password", "Other Ann"));
        assertEquals(1, registered.fired.size());
        assertEquals(1, storageKeys.size());
    }

    @Test
    void aPasswordMustKeepToTheRules() {
        assertEquals("password", refusal(Failure.INVALID, () -> service.register("ann", "ann", "Ann")).field());
        assertEquals("displayName", refusal(Failure.INVALID,
                () -> service.register("ann", "secret password", " ")).field());
        assertTrue(store.accounts.isEmpty());
    }

    @Test
    void aNewDeviceTakesTheLowestFreeIdAndGetsItsKeys() {
        store.devices.add(TestAccounts.device(ann, 1, TestAccounts.newCredential()));
        store.devices.add(TestAccounts.device(ann, 3, TestAccounts.newCredential()));
        NewDevice created = service.addDevice(ann, "Tablet");
        assertEquals(2, created.device().deviceId());
        assertTrue(created.device().provenBy(created.credential()));
        assertEquals(List.of(new DeviceAdded(new DeviceAddress(ann, 2))), added.fired);
        assertEquals(List.of(ann), store.locked, "device creation is serialized per account");
    }

    @Test
    void anAccountHasAtMostItsLimitOfDevicesAndARefusalCostsNoQuota() {
        for (int i = 0; i < MAX_DEVICES; i++) {
            service.addDevice(ann, "Device " + i);
        }
        limited.clear();
        refusal(Failure.CONFLICT, () -> service.addDevice(ann, "One too many"));
        assertTrue(limited.isEmpty());
        assertEquals(MAX_DEVICES, added.fired.size());
    }

    @Test
    void deviceCreationIsRateLimitedPerAccount() {
        service.addDevice(ann, "Phone");
        assertEquals(List.of(Limiter.DEVICE_CREATE_ACCOUNT + " " + ann), limited);
        overTheLimit = true;
        refusal(Failure.RATE_LIMITED, () -> service.addDevice(ann, "Tablet"));
        assertEquals(1, store.devices.size());
    }

    @Test
    void aDeviceNameMustKeepToTheNameRules() {
        assertEquals("deviceName", refusal(Failure.INVALID, () -> service.addDevice(ann, "\u202Eevil")).field());
        assertTrue(limited.isEmpty());
        assertTrue(store.locked.isEmpty());
    }

    @Test
    void removingAnUnknownDeviceIsNotFound() {
        refusal(Failure.NOT_FOUND, () -> service.removeDevice(ann, 1));
        store.devices.add(TestAccounts.device(ann, 1, TestAccounts.newCredential()));
        service.removeDevice(ann, 1);
        assertTrue(store.devices.isEmpty());
    }


    /** The users and devices tables. */
    private static final class Store extends AccountStore {

        final List<Account> accounts = new ArrayList<>();
        final List<Device> devices = new ArrayList<>();
        final List<UUID> locked = new ArrayList<>();

        @Override
        boolean create(Account account) {
            if (findByUsername(account.username()).isPresent()) {
                return false;
            }
            return accounts.add(account);
        }

        @Override
        Optional<Account> find(UUID userId) {
            return accounts.stream().filter(account -> account.id().equals(userId)).findFirst();
        }

        @Override
        Optional<Account> findByUsername(String canonicalUsername) {
            return accounts.stream().filter(account -> account.username().equals(canonicalUsername)).findFirst();
        }

        @Override
        List<Device> devicesOf(UUID userId) {
            return devices.stream().filter(device -> device.userId().equals(userId)).toList();
        }

        @Override
        Optional<Device> device(UUID userId, int deviceId) {
            return devicesOf(userId).stream().filter(device -> device.deviceId() == deviceId).findFirst();
        }

        @Override
        void addDevice(Device device) {
            devices.add(device);
        }

        @Override
        void removeDevice(UUID userId, int deviceId) {
            device(userId, deviceId).ifPresent(devices::remove);
        }

        @Override
        void lock(UUID userId) {
            locked.add(userId);
        }
    }
}

package app.famichat.bench;

import app.famichat.accounts.DeviceAddress;
import app.famichat.keys.NewPreKeys;
import app.famichat.keys.PreKeyFactory;
import app.famichat.keys.PreKeyIds;
import app.famichat.keys.PreKeyStock;
import app.famichat.keys.StockPolicy;
import app.famichat.vault.KeyVault;
import app.famichat.vault.UserSecrets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.signal.libsignal.protocol.IdentityKeyPair;

/**
 * Prekey generation with libsignal plus sealing by the vault, as {@code PreKeyFactory} does it for the server, no
 * database: a new device's full set (signed EC prekey, Kyber last-resort, 100 one-time EC, 100 one-time Kyber) and
 * a typical background replenishment (from 19 left to 100: 81 of each).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KeyGenerationBenchmark {

    private static final StockPolicy STOCK = StockPolicy.DEFAULT;

    private PreKeyFactory factory;
    private IdentityKeyPair identity;
    private DeviceAddress device;
    private PreKeyStock replenishment;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        factory = new PreKeyFactory(UserSecrets.hostedOnly(
                KeyVault.withKeys("bench:" + Base64.getEncoder().encodeToString(key), null)));
        device = new DeviceAddress(UUID.randomUUID(), 1);
        identity = factory.identity(device.userId()).pair();
        replenishment = STOCK.missing(new PreKeyStock(STOCK.lowWater() - 1, STOCK.lowWater() - 1));
    }

    @Benchmark
    public NewPreKeys newDevice() {
        return factory.newDevice(identity, device, STOCK.target(), Instant.now());
    }

    @Benchmark
    public NewPreKeys replenishment() {
        return factory.oneTime(identity, device, new PreKeyIds(101, 102, 2), replenishment, Instant.now());
    }
}

package app.famichat.bench;

import app.famichat.vault.KeyVault;
import app.famichat.vault.SealContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Key vault seal and open (AES-256-GCM, random nonce, place-bound associated data) of 1 KB and 5 KB. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VaultBenchmark {

    private static final SealContext PLACE = new SealContext("signal_sessions", "record", "42");

    @Param({"1024", "5120"})
    int bytes;

    private KeyVault vault;
    private byte[] plaintext;
    private byte[] sealed;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        vault = KeyVault.withKeys("bench:" + Base64.getEncoder().encodeToString(key), null);
        plaintext = new byte[bytes];
        random.nextBytes(plaintext);
        sealed = vault.seal(plaintext, PLACE);
    }

    @Benchmark
    public byte[] seal() {
        return vault.seal(plaintext, PLACE);
    }

    @Benchmark
    public byte[] open() {
        return vault.open(sealed, PLACE);
    }
}

package app.famichat.sessions;

import app.famichat.accounts.Device;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rate limits of sign-in, which bound password guessing without letting a stranger lock the owner out
 * (as Signal-Server and most identity providers do, the two are kept apart):
 * <ul>
 * <li>every attempt counts per client address ({@code sign-in-address});</li>
 * <li>failures count per account ({@code sign-in-account}), or, when the request proves a known device with its
 *     credential, per that device ({@code sign-in-device}) instead: failures from elsewhere never refuse a correct
 *     password from a known device, and whoever holds one device credential still guesses slowly;</li>
 * <li>successes do not count: an attempt is counted before the password is checked (so concurrent attempts
 *     cannot all slip past the limit) and refunded when it succeeds.</li>
 * </ul>
 */
@ApplicationScoped
public class SignInLimits {

    @Inject
    RateLimiters limiters;

    /** One counted sign-in attempt, to be refunded if it succeeds. */
    public final class Attempt {

        private final RateLimiters.Counted counted;
        private final Limiter failures;

        private Attempt(RateLimiters.Counted counted, Limiter failures) {
            this.counted = counted;
            this.failures = failures;
        }

        /** The password was right: the attempt is no failure. */
        public void succeeded() {
            limiters.refund(counted, failures);
        }
    }

    /**
     * Counts an attempt; throws a rate-limited refusal (429 with Retry-After) when the address, or the account (or
     * the proven device) has no attempt left.
     *
     * @param provenDevice the known device whose credential the request carries, if it does
     */
    public Attempt count(String clientAddress, String canonicalUsername, Optional<Device> provenDevice) {
        Limiter failures = provenDevice.isPresent() ? Limiter.SIGN_IN_DEVICE : Limiter.SIGN_IN_ACCOUNT;
        String failureKey = provenDevice.map(d -> d.userId() + "/" + d.deviceId()).orElse(canonicalUsername);
        Map<Limiter, String> keys = new EnumMap<>(Limiter.class);
        keys.put(Limiter.SIGN_IN_ADDRESS, clientAddress);
        keys.put(failures, failureKey);
        return new Attempt(limiters.check(keys), failures);
    }
}

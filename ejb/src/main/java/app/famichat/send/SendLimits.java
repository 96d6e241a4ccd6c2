package app.famichat.send;

import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.sessions.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** The send rate limits (docs/api.md, "Limits"): per device in bursts and sustained, and per user. */
@ApplicationScoped
class SendLimits {

    @Inject
    RateLimiters rateLimiters;

    void check(Caller sender) {
        String device = sender.device().toString(); // user/device
        rateLimiters.check(Map.of(Limiter.SEND_DEVICE_BURST, device, Limiter.SEND_DEVICE, device,
                Limiter.SEND_USER, sender.userId().toString()));
    }
}

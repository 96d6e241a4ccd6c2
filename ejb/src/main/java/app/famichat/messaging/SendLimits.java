package app.famichat.messaging;

import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.sessions.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** The send rate limits (docs/api.md, "Limits"): per device in bursts and sustained, and per user. */
@ApplicationScoped
class SendLimits {

    @Inject
    RateLimiters rateLimiters;

    void check(Caller sender) {
        String device = sender.userId() + "/" + sender.deviceId();
        rateLimiters.checkAll(List.of(Map.entry(Limiter.SEND_DEVICE_BURST, device),
                Map.entry(Limiter.SEND_DEVICE, device), Map.entry(Limiter.SEND_USER, sender.userId().toString())));
    }
}

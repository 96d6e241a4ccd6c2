package app.famichat.messaging;

import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.sessions.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The send rate limits (docs/api.md, "Limits"): per device in bursts and sustained, and per user. */
@ApplicationScoped
class SendLimits {

    @Inject
    RateLimiters rateLimiters;

    void check(Caller sender) {
        String device = sender.userId() + "/" + sender.deviceId();
        rateLimiters.check(Limiter.SEND_DEVICE_BURST, device);
        rateLimiters.check(Limiter.SEND_DEVICE, device);
        rateLimiters.check(Limiter.SEND_USER, sender.userId().toString());
    }
}

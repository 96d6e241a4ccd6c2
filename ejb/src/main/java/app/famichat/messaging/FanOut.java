package app.famichat.messaging;

import java.util.List;

/** Publishes fan-out requests, in the caller's transaction: nothing is published if it rolls back. */
interface FanOut {

    void publish(List<FanOutRequest> requests, String body);
}

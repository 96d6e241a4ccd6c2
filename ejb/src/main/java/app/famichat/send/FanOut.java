package app.famichat.send;

import java.util.List;

/** Publishes fan-out requests, in the caller's transaction: nothing is published if it rolls back. */
public interface FanOut {

    void publish(List<FanOutRequest> requests, String body);
}

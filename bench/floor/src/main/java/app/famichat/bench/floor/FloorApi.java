package app.famichat.bench.floor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The floor's REST root: {@link FloorSends}. */
@ApplicationPath("api")
public class FloorApi extends Application {
}

package app.famichat.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** All REST resources live under {@code /api}; versioned paths ({@code /api/v1/...}) start in each resource. */
@ApplicationPath("/api")
public class FamichatApi extends Application {
}

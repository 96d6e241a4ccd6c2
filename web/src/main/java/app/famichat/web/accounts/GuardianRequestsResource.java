package app.famichat.web.accounts;

import app.famichat.recovery.FamilyRecovery;
import app.famichat.web.auth.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** A guardian's side of family recovery (docs/api.md): the pending requests they guard, approve, refuse. */
@Path("/v1/guardian-requests")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class GuardianRequestsResource {

    @Inject
    FamilyRecovery recovery;

    @Inject
    CurrentCaller caller;

    @GET
    public JsonArray pending() {
        return RecoveryViews.guarded(recovery.guardedBy(caller.get().userId()));
    }

    /** Releases the caller's share to the request (their keyring must be unlocked: they are signed in). */
    @POST
    @Path("{requestId}/approve")
    public Response approve(@PathParam("requestId") UUID requestId) {
        recovery.decide(caller.get(), requestId, true);
        return Response.noContent().build();
    }

    @POST
    @Path("{requestId}/refuse")
    public Response refuse(@PathParam("requestId") UUID requestId) {
        recovery.decide(caller.get(), requestId, false);
        return Response.noContent().build();
    }
}

package app.famichat.web.families;

import app.famichat.families.FamilyService;
import app.famichat.web.auth.CurrentCaller;
import app.famichat.web.families.FamilyViews.FamilyView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Accepting an invite code: the caller joins its family. The code travels in the body, so that it stays out of
 * the access logs of proxies in front of the server; the older form with the code in the path still works for
 * clients that use it, and is deprecated (docs/api.md).
 */
@Path("/v1/invites")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class InvitesResource {

    @Inject
    FamilyService families;

    @Inject
    CurrentCaller caller;

    /** The size limit only bounds the work; an unknown code of any shape is 404. */
    public record AcceptRequest(@NotNull @Size(max = 64) String code) {
    }

    @POST
    @Path("accept")
    @Consumes(MediaType.APPLICATION_JSON)
    public FamilyView accept(@NotNull(message = "a JSON body is required") @Valid AcceptRequest request) {
        return accept(request.code());
    }

    /** Deprecated: the code ends up in every access log on the way. */
    @POST
    @Path("{code}/accept")
    public FamilyView acceptFromPath(@PathParam("code") String code) {
        return accept(code);
    }

    private FamilyView accept(String code) {
        return FamilyView.of(families.accept(caller.get().userId(), code));
    }
}

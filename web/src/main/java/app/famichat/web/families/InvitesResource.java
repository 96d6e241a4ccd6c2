package app.famichat.web.families;

import app.famichat.families.FamilyService;
import app.famichat.web.auth.CurrentCaller;
import app.famichat.web.families.FamilyViews.FamilyView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Accepting an invite code: the caller joins its family. */
@Path("/v1/invites")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class InvitesResource {

    @Inject
    FamilyService families;

    @Inject
    CurrentCaller caller;

    @POST
    @Path("{code}/accept")
    public FamilyView accept(@PathParam("code") String code) {
        return FamilyView.of(families.accept(caller.get().userId(), code));
    }
}

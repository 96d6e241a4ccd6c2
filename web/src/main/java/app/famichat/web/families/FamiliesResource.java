package app.famichat.web.families;

import app.famichat.families.FamilyDetails;
import app.famichat.families.FamilyService;
import app.famichat.web.auth.CurrentCaller;
import app.famichat.web.families.FamilyViews.FamilyView;
import app.famichat.web.families.FamilyViews.InviteView;
import app.famichat.web.http.Links;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/**
 * Families, their members and invites. A malformed id in the path is answered like an unknown family (404); the
 * service decides who may do what (docs/api.md).
 */
@Path("/v1/families")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FamiliesResource {

    @Inject
    FamilyService families;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uriInfo;

    @Inject
    Links links;

    /** Size limits here only bound the work; the real rules (docs/api.md) are the service's. */
    public record CreateFamilyRequest(@NotNull @Size(max = 256) String name) {
    }

    public record RoleRequest(@NotNull @Size(max = 16) String role) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = "a JSON body is required") @Valid CreateFamilyRequest request) {
        FamilyDetails family = families.create(me(), request.name());
        return Response.created(links.child(uriInfo, family.family().id().toString()))
                .entity(FamilyView.of(family))
                .build();
    }

    @GET
    @Path("{familyId}")
    public FamilyView get(@PathParam("familyId") UUID familyId) {
        return FamilyView.of(families.view(me(), familyId));
    }

    @POST
    @Path("{familyId}/invites")
    public Response invite(@PathParam("familyId") UUID familyId) {
        return Response.status(Response.Status.CREATED).entity(InviteView.of(families.invite(me(), familyId))).build();
    }

    @DELETE
    @Path("{familyId}/members/me")
    public Response leave(@PathParam("familyId") UUID familyId) {
        families.leave(me(), familyId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{familyId}/members/{userId}")
    public Response remove(@PathParam("familyId") UUID familyId, @PathParam("userId") UUID userId) {
        families.remove(me(), familyId, userId);
        return Response.noContent().build();
    }

    @PUT
    @Path("{familyId}/members/{userId}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    public FamilyView changeRole(@PathParam("familyId") UUID familyId, @PathParam("userId") UUID userId,
                                 @NotNull(message = "a JSON body is required") @Valid RoleRequest request) {
        return FamilyView.of(families.changeRole(me(), familyId, userId, request.role()));
    }

    private UUID me() {
        return caller.get().userId();
    }
}

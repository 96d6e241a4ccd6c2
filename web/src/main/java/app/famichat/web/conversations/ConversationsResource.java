package app.famichat.web.conversations;

import app.famichat.conversations.ConversationService;
import app.famichat.conversations.CreatedConversation;
import app.famichat.web.auth.CurrentCaller;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** Conversations and group members. A malformed id in the path is answered like an unknown one (404). */
@Path("/v1/conversations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {

    @Inject
    ConversationService conversations;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uriInfo;

    @Inject
    Links links;

    /** Size limits here only bound the work; the real rules (docs/api.md) are the service's. */
    public record CreateRequest(
            @NotNull @Size(max = 16) String type,
            @Size(max = 256) String title,
            UUID familyId,
            @Size(max = 64) List<@NotNull UUID> memberIds) {
    }

    public record AddMemberRequest(@NotNull UUID userId) {
    }

    public record ConversationList(List<ConversationView> conversations) {
    }

    /** 201 for a new conversation; 200 with the existing one for a direct, family or self conversation. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = "a JSON body is required") @Valid CreateRequest request) {
        CreatedConversation result = conversations.create(me(), request.type(), request.title(), request.familyId(),
                request.memberIds());
        ConversationView view = ConversationView.of(result.details());
        if (!result.created()) {
            return Response.ok(view).build();
        }
        return Response.created(links.child(uriInfo, view.id().toString()))
                .entity(view)
                .build();
    }

    @GET
    public ConversationList list() {
        return new ConversationList(conversations.conversationsOf(me()).stream().map(ConversationView::of).toList());
    }

    @GET
    @Path("{conversationId}")
    public ConversationView get(@PathParam("conversationId") UUID conversationId) {
        return ConversationView.of(conversations.view(me(), conversationId));
    }

    @POST
    @Path("{conversationId}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public ConversationView addMember(@PathParam("conversationId") UUID conversationId,
                                      @NotNull(message = "a JSON body is required") @Valid AddMemberRequest request) {
        return ConversationView.of(conversations.addMember(me(), conversationId, request.userId()));
    }

    @DELETE
    @Path("{conversationId}/members/me")
    public Response leave(@PathParam("conversationId") UUID conversationId) {
        conversations.leave(me(), conversationId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{conversationId}/members/{userId}")
    public Response removeMember(@PathParam("conversationId") UUID conversationId,
                                 @PathParam("userId") UUID userId) {
        conversations.removeMember(me(), conversationId, userId);
        return Response.noContent().build();
    }

    private UUID me() {
        return caller.get().userId();
    }
}

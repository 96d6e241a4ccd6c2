package app.famichat.web.conversations;

import app.famichat.conversations.ConversationService;
import app.famichat.conversations.ConversationType;
import app.famichat.conversations.CreatedConversation;
import app.famichat.conversations.NewConversation;
import app.famichat.history.ConversationSummaries;
import app.famichat.platform.errors.FamichatException;
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
    ConversationSummaries summaries;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uriInfo;

    @Inject
    Links links;

    /**
     * Size limits here only bound the work. Which fields a type takes is checked here, in {@link #bind}; the rules
     * that need the database or the text rules (docs/api.md) are the service's.
     */
    public record CreateRequest(
            @NotNull @Size(max = 16) String type,
            @Size(max = 256) String title,
            UUID familyId,
            @Size(max = 64) List<@NotNull UUID> memberIds) {

        /**
         * The request as the one kind of conversation its {@code type} names. A field the type does not take is
         * refused, not ignored: the client has misunderstood something.
         */
        NewConversation bind() {
            ConversationType kind = ConversationType.parse("type", type);
            List<UUID> others = memberIds == null ? List.of() : memberIds;
            refuseUnless(kind == ConversationType.GROUP, "title", title != null, kind);
            refuseUnless(kind == ConversationType.FAMILY, "familyId", familyId != null, kind);
            refuseUnless(kind == ConversationType.DIRECT || kind == ConversationType.GROUP, "memberIds",
                    !others.isEmpty(), kind);
            return switch (kind) {
                case SELF -> new NewConversation.Self();
                case DIRECT -> {
                    if (others.size() != 1) {
                        throw FamichatException.invalid("memberIds", "must name exactly one other person");
                    }
                    yield new NewConversation.Direct(others.get(0));
                }
                case FAMILY -> {
                    if (familyId == null) {
                        throw FamichatException.invalid("familyId", "is required for a family conversation");
                    }
                    yield new NewConversation.Family(familyId);
                }
                case GROUP -> new NewConversation.Group(title, others);
            };
        }

        private static void refuseUnless(boolean allowed, String field, boolean given, ConversationType type) {
            if (given && !allowed) {
                throw FamichatException.invalid(field, "is not allowed in a " + type.wireName() + " conversation");
            }
        }
    }

    public record AddMemberRequest(@NotNull UUID userId) {
    }

    public record ConversationList(List<ConversationSummaryView> conversations) {
    }

    /** 201 for a new conversation; 200 with the existing one for a direct, family or self conversation. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = "a JSON body is required") @Valid CreateRequest request) {
        CreatedConversation result = conversations.create(me(), request.bind());
        ConversationView view = ConversationView.of(result.details());
        if (!result.created()) {
            return Response.ok(view).build();
        }
        return Response.created(links.child(uriInfo, view.id().toString()))
                .entity(view)
                .build();
    }

    /** The caller's conversations, oldest first, each with its newest message, read cursor and unread count. */
    @GET
    public ConversationList list() {
        return new ConversationList(summaries.of(caller.get()).stream().map(ConversationSummaryView::of).toList());
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

package app.famichat.web.messages;

import app.famichat.history.ConversationHistory;
import app.famichat.web.auth.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** The caller's read cursor in a conversation. */
@Path("/v1/conversations/{conversationId}/read")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReadCursorResource {

    @Inject
    ConversationHistory history;

    @Inject
    CurrentCaller caller;

    public record ReadRequest(@NotNull Long seq) {
    }

    /** 204: the read cursor is at {@code seq} or further. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response read(@PathParam("conversationId") UUID conversationId,
                         @NotNull(message = "a JSON body is required") @Valid ReadRequest request) {
        history.markRead(caller.get(), conversationId, request.seq());
        return Response.noContent().build();
    }
}

package app.famichat.web.messages;

import app.famichat.history.ConversationHistory;
import app.famichat.history.HistoryPage;
import app.famichat.platform.errors.FamichatException;
import app.famichat.send.SendService;
import app.famichat.send.SentMessage;
import app.famichat.web.auth.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sending and reading a conversation's messages. Thin: the rules (membership, limits, idempotent retries) are
 * the services'. A malformed conversation id is answered like an unknown one (404). (A path of its own, not a
 * method of {@code ConversationsResource}'s: JAX-RS picks one resource class per request by its path alone.)
 */
@Path("/v1/conversations/{conversationId}/messages")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    @Inject
    SendService sends;

    @Inject
    ConversationHistory history;

    @Inject
    CurrentCaller caller;

    /** Field sizes here only bound the work; the rules (docs/api.md, "Limits") are the service's. */
    public record SendRequest(@NotNull String clientMessageId, @NotNull String body) {
    }

    public record SendResponse(UUID messageId, long seq, Instant sentAt) {
    }

    public record Page(List<MessageView> messages, boolean more, long readSeq) {
    }

    /** 202: stored and on its way; the same answer for a retry with the same client message id. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@PathParam("conversationId") UUID conversationId,
                         @NotNull(message = "a JSON body is required") @Valid SendRequest request) {
        SentMessage sent = sends.send(caller.get(), conversationId, request.clientMessageId(), request.body());
        return Response.accepted(new SendResponse(sent.messageId(), sent.seq(), sent.sentAt())).build();
    }

    @GET
    public Page page(@PathParam("conversationId") UUID conversationId, @QueryParam("before") String before,
                     @QueryParam("after") String after, @QueryParam("limit") String limit) {
        HistoryPage page = history.page(caller.get(), conversationId, number("before", before),
                number("after", after), number("limit", limit));
        return new Page(page.messages().stream().map(MessageView::of).toList(), page.more(), page.readSeq());
    }

    /** A query parameter that must be a whole number: a 400 naming it otherwise (JAX-RS would answer 404). */
    private static Long number(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw FamichatException.invalid(name, "must be a whole number");
        }
    }
}

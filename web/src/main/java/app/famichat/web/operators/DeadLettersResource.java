package app.famichat.web.operators;

import app.famichat.delivery.DeadLetter;
import app.famichat.delivery.DeadLetters;
import app.famichat.operators.Operators;
import app.famichat.web.auth.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The broker's dead-letter queue, for the operators named in {@code famichat.operators}; to anyone else these
 * endpoints do not exist (404).
 */
@Path("/v1/operator/dead-letters")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

    @Inject
    DeadLetters deadLetters;

    @Inject
    Operators operators;

    @Inject
    CurrentCaller caller;

    public record View(String id, String originalQueue, UUID messageId, UUID recipientId, Integer recipientDeviceId,
            Instant sentAt) {

        static View of(DeadLetter letter) {
            return new View(letter.id(), letter.originalQueue(), letter.messageId(),
                    letter.recipient() == null ? null : letter.recipient().userId(),
                    letter.recipient() == null ? null : letter.recipient().deviceId(), letter.sentAt());
        }
    }

    public record Listing(List<View> deadLetters) {
    }

    @GET
    public Listing list() {
        operators.require(caller.get().userId());
        return new Listing(deadLetters.list().stream().map(View::of).toList());
    }

    /** 202: back on the fan-out queue. */
    @POST
    @Path("{id}/replay")
    public Response replay(@PathParam("id") String id) {
        operators.require(caller.get().userId());
        return Response.accepted(View.of(deadLetters.replay(id))).build();
    }
}

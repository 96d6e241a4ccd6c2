package app.famichat.web.skeleton;

import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.sessions.Caller;
import app.famichat.skeleton.SkeletonSend;
import app.famichat.web.auth.CurrentCaller;
import app.famichat.skeleton.SkeletonService;
import app.famichat.web.problem.Problem;
import app.famichat.web.problem.ProblemType;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.UUID;

/**
 * The walking skeleton of the send path (diagnostic; carries a label, never user content): POST fans a label
 * out to targets over JMS, GET shows which targets the message-driven bean has recorded. Any signed-in user may
 * send (counted against the send rate limits); only the sender can read a send, to anyone else it does not exist.
 */
@Path("/v1/skeleton/sends")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SkeletonResource {

    @Inject
    SkeletonService service;

    @Inject
    CurrentCaller caller;

    @Inject
    RateLimiters rateLimiters;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@NotNull(message = "a JSON body is required") @Valid SkeletonSendRequest request) {
        Caller sender = caller.get();
        rateLimiters.check(Limiter.SEND_DEVICE_BURST, sender.userId() + "/" + sender.deviceId());
        rateLimiters.check(Limiter.SEND_DEVICE, sender.userId() + "/" + sender.deviceId());
        rateLimiters.check(Limiter.SEND_USER, sender.userId().toString());
        SkeletonSend send = service.send(sender.userId(), request.label(), request.targets());
        return Response.accepted(new SkeletonSendResponse(send.id(), send.targetCount()))
                .location(uriInfo.getAbsolutePathBuilder().path(send.id().toString()).build())
                .build();
    }

    @GET
    @Path("{sendId}")
    public Response get(@PathParam("sendId") String sendId) {
        UUID id;
        try {
            id = UUID.fromString(sendId);
        } catch (IllegalArgumentException e) {
            return Problem.of(ProblemType.NOT_FOUND, "No such send").toResponse();
        }
        return service.findOwn(id, caller.get().userId())
                .map(send -> Response.ok(SkeletonSendView.of(send, service.deliveries(id))).build())
                .orElseGet(() -> Problem.of(ProblemType.NOT_FOUND, "No such send").toResponse());
    }
}

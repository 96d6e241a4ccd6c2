package app.famichat.web.accounts;

import app.famichat.recovery.CodeRecovery;
import app.famichat.recovery.FamilyRecovery;
import app.famichat.web.address.ClientAddress;
import app.famichat.web.address.ClientAddresses;
import app.famichat.web.auth.Public;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.util.UUID;

/**
 * "Forgot password" for a locked account (docs/api.md): with its recovery code, or through its guardians (a request,
 * its progress, its completion once approved).
 */
@Path("/v1/recovery")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryResource {

    @Inject
    CodeRecovery recovery;

    @Inject
    FamilyRecovery familyRecovery;

    @Inject
    ClientAddresses clientAddresses;

    @Context
    HttpServletRequest http;

    /** Size limits here only bound the work; the password rules are the service's. */
    public record CodeRecoveryRequest(@NotNull @Size(max = 64) String username,
                                      @NotNull @Size(max = 128) String recoveryCode,
                                      @NotNull @Size(max = 512) String newPassword) {

        @Override
        public String toString() {
            return "CodeRecoveryRequest[" + username + "]"; // never the code or the password
        }
    }

    /** Family recovery: the username and the new password the guardians' approval will set. */
    public record FamilyRecoveryRequest(@NotNull @Size(max = 64) String username,
                                        @NotNull @Size(max = 512) String newPassword) {

        @Override
        public String toString() {
            return "FamilyRecoveryRequest[" + username + "]"; // never the password
        }
    }

    /** Completing a family recovery request: its secret and the new password it was made with. */
    public record Completion(@NotNull @Size(max = 128) String requestSecret,
                             @NotNull @Size(max = 512) String newPassword) {

        @Override
        public String toString() {
            return "Completion[...]"; // never the secret or the password
        }
    }

    /** Every token of the account is revoked; the user signs in with the new password. */
    @POST
    @Path("code")
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recoverWithCode(@NotNull(message = "a JSON body is required") @Valid CodeRecoveryRequest request) {
        recovery.recover(request.username(), request.recoveryCode(), request.newPassword(),
                clientAddresses.of(http).rateLimitKey());
        return Response.noContent().build();
    }

    /** Starts a family recovery request; the answer holds its secret, shown this once. */
    @POST
    @Path("requests")
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    public Response startFamilyRecovery(
            @NotNull(message = "a JSON body is required") @Valid FamilyRecoveryRequest request,
            @HeaderParam(HttpHeaders.USER_AGENT) String userAgent) {
        ClientAddress client = clientAddresses.of(http);
        FamilyRecovery.Started started = familyRecovery.start(request.username(), request.newPassword(), userAgent,
                client.address().map(InetAddress::getHostAddress).orElse("unknown"), client.rateLimitKey());
        return Response.accepted(RecoveryViews.StartedView.of(started)).build();
    }

    /** A family recovery request's progress, for whoever holds its secret. */
    @GET
    @Path("requests/{requestId}")
    @Public
    public RecoveryViews.ProgressView familyRecoveryProgress(@PathParam("requestId") UUID requestId,
                                                             @HeaderParam("Recovery-Secret") String secret) {
        return RecoveryViews.ProgressView.of(familyRecovery.progress(requestId, secret));
    }

    /** Cancels an open family recovery request, for whoever holds its secret (the requester stops waiting). */
    @DELETE
    @Path("requests/{requestId}")
    @Public
    public Response withdrawFamilyRecovery(@PathParam("requestId") UUID requestId,
                                           @HeaderParam("Recovery-Secret") String secret) {
        familyRecovery.withdraw(requestId, secret);
        return Response.noContent().build();
    }

    /** Completes an approved family recovery request; every token is revoked, the user signs in anew. */
    @POST
    @Path("requests/{requestId}/complete")
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    public Response completeFamilyRecovery(@PathParam("requestId") UUID requestId,
                                           @NotNull(message = "a JSON body is required") @Valid Completion request) {
        familyRecovery.complete(requestId, request.requestSecret(), request.newPassword(),
                clientAddresses.of(http).rateLimitKey());
        return Response.noContent().build();
    }
}

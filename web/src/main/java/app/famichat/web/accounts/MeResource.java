package app.famichat.web.accounts;

import app.famichat.accounts.AccountService;
import app.famichat.custody.KeyCustody;
import app.famichat.deletion.AccountDeletion;
import app.famichat.platform.errors.FamichatException;
import app.famichat.recovery.CodeRecovery;
import app.famichat.recovery.FamilyRecovery;
import app.famichat.recovery.Guardians;
import app.famichat.sessions.Caller;
import app.famichat.sessions.CustodyChange;
import app.famichat.sessions.PasswordChange;
import app.famichat.sessions.SessionService;
import app.famichat.web.auth.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** The caller's own account: who they are, their devices and families; changing the password, deleting it. */
@Path("/v1/me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    AccountService accounts;

    @Inject
    SessionService sessions;

    @Inject
    CurrentCaller caller;

    @Inject
    MeFamilies families;

    @Inject
    PasswordChange passwordChange;

    @Inject
    AccountDeletion deletion;

    @Inject
    CustodyChange custodyChange;

    @Inject
    CodeRecovery codeRecovery;

    @Inject
    Guardians guardians;

    @Inject
    FamilyRecovery familyRecovery;

    public record MeView(AccountViews.UserView user, int currentDeviceId, List<AccountViews.DeviceView> devices,
                         List<MeFamilies.FamilyRef> families, String custody) {
    }

    /** The custody to switch to ({@code hosted} or {@code locked}) and the password, which a token alone lacks. */
    public record CustodyChangeRequest(@NotNull @Size(max = 16) String custody,
                                       @NotNull @Size(max = 512) String password) {
    }

    /** Size limits here only bound the work; the password rules (docs/api.md) are the service's. */
    public record PasswordChangeRequest(@NotNull @Size(max = 512) String currentPassword,
                                        @NotNull @Size(max = 512) String newPassword) {
    }

    /** The password again: a token alone cannot make, replace or revoke a recovery code. */
    public record RecoveryCodeRequest(@NotNull @Size(max = 512) String password) {
    }

    /** A new recovery code, shown this once (the server keeps only what it wraps). */
    public record NewRecoveryCode(String recoveryCode) {

        @Override
        public String toString() {
            return "NewRecoveryCode[...]"; // never the code
        }
    }

    /** Whether the caller has a recovery code, and since when (never the code). */
    /** A guardian setup: the password (a token alone cannot change who can recover the account), t of n. */
    public record GuardiansRequest(@NotNull @Size(max = 512) String password,
                                   @NotNull Integer threshold,
                                   @NotNull @Size(max = 64) List<UUID> guardianIds) {

        @Override
        public String toString() {
            return "GuardiansRequest[" + threshold + " of " + guardianIds + "]"; // never the password
        }
    }

    /** The password again: a token alone (a stolen one, an unlocked phone) cannot delete the account. */
    public record DeletionRequest(@NotNull @Size(max = 512) String password) {
    }

    @GET
    public MeView me() {
        Caller me = caller.get();
        return new MeView(AccountViews.UserView.of(accounts.require(me.userId())), me.device().deviceId(),
                accounts.devices(me.userId()).stream().map(AccountViews.DeviceView::of).toList(),
                families.of(me.userId()), me.custody().value());
    }

    /**
     * Switches the caller's custody (docs/api.md): to {@code locked}, every other token of the account is revoked;
     * this one stays valid, and so do the others when switching to {@code hosted}.
     */
    @PUT
    @Path("custody")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changeCustody(@NotNull(message = "a JSON body is required") @Valid CustodyChangeRequest request) {
        KeyCustody to = KeyCustody.of(request.custody()).orElseThrow(() -> FamichatException.invalid("custody",
                "must be hosted or locked"));
        custodyChange.change(caller.get(), caller.token(), request.password(), to);
        return Response.noContent().build();
    }

    /** Removes one of the caller's devices and signs it out. */
    @DELETE
    @Path("devices/{deviceId}")
    public Response removeDevice(@PathParam("deviceId") String deviceId) {
        int id;
        try {
            id = Integer.parseInt(deviceId);
        } catch (NumberFormatException e) {
            throw FamichatException.notFound("No such device");
        }
        sessions.removeDevice(caller.get(), id);
        return Response.noContent().build();
    }

    /** Changes the password; every other token of the account is revoked, this one stays valid. */
    @PUT
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@NotNull(message = "a JSON body is required") @Valid PasswordChangeRequest request) {
        passwordChange.change(caller.get(), request.currentPassword(), request.newPassword());
        return Response.noContent().build();
    }

    /**
     * When the caller's recovery code was made; {@code createdAt} null if they have none (as the guardians without a
     * setup: having none is a state of the account page, not an error).
     */
    @GET
    @Path("recovery-code")
    public JsonObject recoveryCode() {
        return RecoveryViews.recoveryCode(codeRecovery.createdAt(caller.get().userId()));
    }

    /** Makes the caller's recovery code, replacing theirs if any (a locked account only; docs/api.md). */
    @POST
    @Path("recovery-code")
    @Consumes(MediaType.APPLICATION_JSON)
    public NewRecoveryCode newRecoveryCode(
            @NotNull(message = "a JSON body is required") @Valid RecoveryCodeRequest request) {
        return new NewRecoveryCode(codeRecovery.generate(caller.get(), request.password()));
    }

    /** Revokes the caller's recovery code; nothing if there is none. */
    @DELETE
    @Path("recovery-code")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response revokeRecoveryCode(
            @NotNull(message = "a JSON body is required") @Valid RecoveryCodeRequest request) {
        codeRecovery.revoke(caller.get(), request.password());
        return Response.noContent().build();
    }

    /** The caller's guardians and threshold (docs/api.md, "Family recovery"). */
    @GET
    @Path("guardians")
    public JsonObject guardians() {
        return RecoveryViews.setup(guardians.setup(caller.get().userId()));
    }

    /** The members of the caller's families, and whether each can be a guardian. */
    @GET
    @Path("guardians/candidates")
    public JsonArray guardianCandidates() {
        return RecoveryViews.candidates(guardians.candidates(caller.get().userId()));
    }

    /** Sets up the caller's guardians, replacing the setup they had (a locked account only). */
    @PUT
    @Path("guardians")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject setGuardians(
            @NotNull(message = "a JSON body is required") @Valid GuardiansRequest request) {
        return RecoveryViews.setup(guardians.setUp(caller.get(), request.password(), request.threshold(),
                request.guardianIds()));
    }

    /** Removes the caller's guardian setup; nothing if there is none. */
    @DELETE
    @Path("guardians")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response removeGuardians(@NotNull(message = "a JSON body is required") @Valid RecoveryCodeRequest request) {
        guardians.remove(caller.get(), request.password());
        return Response.noContent().build();
    }

    /** The family recovery requests for the caller's account, newest first. */
    @GET
    @Path("recovery-requests")
    public List<RecoveryViews.OwnRequestView> recoveryRequests() {
        return familyRecovery.ofOwner(caller.get().userId()).stream().map(RecoveryViews.OwnRequestView::of).toList();
    }

    /** Cancels an open family recovery request for the caller's account. */
    @DELETE
    @Path("recovery-requests/{requestId}")
    public Response cancelRecoveryRequest(@PathParam("requestId") UUID requestId) {
        familyRecovery.cancel(caller.get(), requestId);
        return Response.noContent().build();
    }

    /** Deletes the caller's account for good (AccountDeletion says what goes and what stays). */
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public Response delete(@NotNull(message = "a JSON body is required") @Valid DeletionRequest request) {
        deletion.delete(caller.get(), request.password());
        return Response.noContent().build();
    }
}

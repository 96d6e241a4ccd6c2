package app.famichat.web.accounts;

import app.famichat.accounts.AccountService;
import app.famichat.sessions.Caller;
import app.famichat.sessions.SessionService;
import app.famichat.web.auth.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The caller's own account: who they are, their devices and families. */
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

    public record MeView(AccountViews.UserView user, int currentDeviceId, List<AccountViews.DeviceView> devices,
                         List<MeFamilies.FamilyRef> families) {
    }

    @GET
    public MeView me() {
        Caller me = caller.get();
        return new MeView(AccountViews.UserView.of(accounts.require(me.userId())), me.deviceId(),
                accounts.devices(me.userId()).stream().map(AccountViews.DeviceView::of).toList(),
                families.of(me.userId()));
    }

    /** Removes one of the caller's devices and signs it out. */
    @DELETE
    @Path("devices/{deviceId}")
    public Response removeDevice(@PathParam("deviceId") String deviceId) {
        int id;
        try {
            id = Integer.parseInt(deviceId);
        } catch (NumberFormatException e) {
            throw app.famichat.platform.errors.FamichatException.notFound("No such device");
        }
        sessions.removeDevice(caller.get(), id);
        return Response.noContent().build();
    }
}

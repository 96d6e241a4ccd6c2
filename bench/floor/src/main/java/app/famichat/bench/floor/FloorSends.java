package app.famichat.bench.floor;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/floor/send?family=F&sender=S&members=M}: a send to every device of the family but the sender's
 * (devices are named {@code F-M}); answers 202 with the message id once committed. {@code GET /api/floor/counts?from=MS&to=MS}.
 * {@code POST /api/floor/setup?families=F&members=M}: the signal mode.
 */
@Path("floor")
@RequestScoped
public class FloorSends {

    @Inject
    FloorSend sends;

    @Inject
    FloorStore store;

    @Inject
    FloorSignal signal;

    /**
     * {@code POST /api/floor/setup?families=F&members=M}: turns the signal mode on ({@link FloorSignal}), with a
     * session for every pair of devices of each family; without this call the floor does no cryptography.
     */
    @POST
    @Path("setup")
    public Response setUp(@QueryParam("families") int families, @QueryParam("members") int members) {
        store.saveSessions(signal.setUp(families, members));
        signal.enable();
        return Response.noContent().build();
    }

    /** {@code GET /api/floor/counts?from=MS&to=MS} (epoch milliseconds): {@link FloorStore#counts}. */
    @GET
    @Path("counts")
    public String counts(@QueryParam("from") long from, @QueryParam("to") long to) {
        return store.counts(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
    }

    @POST
    @Path("send")
    public Response send(@QueryParam("family") int family, @QueryParam("sender") int sender,
                         @QueryParam("members") int members) {
        List<String> recipients = new ArrayList<>();
        for (int member = 0; member < members; member++) {
            if (member != sender) {
                recipients.add(family + "-" + member);
            }
        }
        return Response.accepted(sends.send(family + "-" + sender, recipients).toString()).build();
    }
}

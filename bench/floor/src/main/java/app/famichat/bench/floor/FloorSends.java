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
 */
@Path("floor")
@RequestScoped
public class FloorSends {

    @Inject
    FloorSend sends;

    @Inject
    FloorStore store;

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

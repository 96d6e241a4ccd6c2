package app.famichat.platform.logging;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The one way the application keeps records out of the server's log: a rule put in front of every handler of the
 * root logger (Payara's log file and console), ahead of whatever filter the handler had. The rule decides once per
 * record, however many handlers there are (each handler asks in turn, on the logging thread), so a rule may count
 * or note what it drops. {@link #remove()} takes the rule out wherever it stands in a handler's chain, so several
 * (database outages, invalid escapes) come and go in any order.
 */
public final class RootLogFilter {

    private final Predicate<LogRecord> drops;
    private final Map<Handler, Link> links = new IdentityHashMap<>();
    /** The last record this thread asked about and the answer: every handler sees the same record object. */
    private final ThreadLocal<Decision> last = new ThreadLocal<>();

    private RootLogFilter(Predicate<LogRecord> drops) {
        this.drops = drops;
    }

    /** Puts {@code drops} (true: the record is not logged) in front of every root handler. */
    public static RootLogFilter install(Predicate<LogRecord> drops) {
        RootLogFilter filter = new RootLogFilter(drops);
        synchronized (RootLogFilter.class) {
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                Link link = filter.new Link(handler.getFilter());
                handler.setFilter(link);
                filter.links.put(handler, link);
            }
        }
        return filter;
    }

    /** Takes the rule out of every handler it was put in front of. */
    public void remove() {
        synchronized (RootLogFilter.class) {
            links.forEach((handler, link) -> {
                if (handler.getFilter() == link) {
                    handler.setFilter(link.next);
                    return;
                }
                for (Filter f = handler.getFilter(); f instanceof RootLogFilter.Link outer; f = outer.next) {
                    if (outer.next == link) {
                        outer.next = link.next;
                        return;
                    }
                }
            });
            links.clear();
        }
    }

    private boolean drops(LogRecord record) {
        Decision decision = last.get();
        if (decision == null || decision.record != record) {
            decision = new Decision(record, drops.test(record));
            last.set(decision);
        }
        return decision.drop;
    }

    private record Decision(LogRecord record, boolean drop) {
    }

    private final class Link implements Filter {

        private volatile Filter next;

        Link(Filter next) {
            this.next = next;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            Filter after = next;
            return !drops(record) && (after == null || after.isLoggable(record));
        }
    }
}

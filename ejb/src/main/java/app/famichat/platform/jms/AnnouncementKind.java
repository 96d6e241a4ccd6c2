package app.famichat.platform.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * One kind of news for every node's sockets (an envelope is waiting, a status moved, tokens were revoked, family
 * recovery news), declared by the feature that makes the news as a CDI bean: how the news travels (message
 * properties), whether the nodes handle it in order, and what a node does with it. {@link Announcements} sends
 * it, {@link AnnouncementListener} receives it on every node and calls {@link #deliver}.
 *
 * <p>Why one kind per feature behind one topic and one listener, rather than a topic and a listener per kind:
 * the four used to be copies of each other (a topic, a non-durable subscription, the same error handling), which
 * drifted one by one; now the transport is written once, and everything about one kind (its format, its
 * ordering, its effect, what covers its loss) is in one class of the feature it belongs to. The platform does not
 * know the features (the package rules forbid a cycle), so the listener finds the kinds by their name.
 *
 * @param <T> the news
 */
public interface AnnouncementKind<T> {

    /** The kind's name on the wire: unique, fixed, short (it is also in log lines). */
    String name();

    /**
     * Whether each node handles this kind one announcement at a time, in the order they were sent (its own
     * announcements only: other kinds pass alongside). Kinds whose later news may undo earlier news need it.
     */
    boolean inOrder();

    /**
     * What covers a lost announcement of this kind (a broker outage, a node stopping after the commit): every
     * kind needs an answer, announcements being non-persistent. Logged when one cannot be sent or handled.
     */
    String ifLost();

    /** Writes the news into the message's properties (no secrets: ids, seqs and token hashes at most). */
    void write(T news, Message message) throws JMSException;

    /** Reads the news from the message's properties. */
    T read(Message message) throws JMSException;

    /** Hands the news to this node's sockets (most nodes hold none of the sockets concerned: then nothing). */
    void deliver(T news);
}

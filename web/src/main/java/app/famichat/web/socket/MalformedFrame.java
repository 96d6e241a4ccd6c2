package app.famichat.web.socket;

/**
 * A client frame that is not one of {@link ClientFrame}; the message is the detail for the client. A bad send
 * frame whose {@code clientMessageId} was readable carries it, so the client can match the error to its send (the
 * error frame echoes it only if it is valid, {@link ServerFrame.Error}).
 */
final class MalformedFrame extends Exception {

    private static final long serialVersionUID = 1L;

    private final String clientMessageId;

    MalformedFrame(String detail) {
        this(detail, null);
    }

    MalformedFrame(String detail, String clientMessageId) {
        super(detail, null, false, false);
        this.clientMessageId = clientMessageId;
    }

    /** Null unless a send frame's client message id could be read. */
    String clientMessageId() {
        return clientMessageId;
    }
}

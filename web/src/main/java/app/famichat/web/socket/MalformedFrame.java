package app.famichat.web.socket;

/** A client frame that is not one of {@link ClientFrame}; the message is the detail for the client. */
final class MalformedFrame extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedFrame(String detail) {
        super(detail, null, false, false);
    }
}

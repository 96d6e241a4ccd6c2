package app.famichat.web.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.connections.Disconnect;
import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SocketConnectionTest {

    @Test
    void closeCodesAreTheDocumentedOnes() {
        assertEquals(4401, SocketConnection.reasonFor(Disconnect.AUTH_FAILED).getCloseCode().getCode());
        assertEquals(4401, SocketConnection.reasonFor(Disconnect.SIGNED_OUT).getCloseCode().getCode());
        assertEquals(4408, SocketConnection.reasonFor(Disconnect.IDLE).getCloseCode().getCode());
        assertEquals(1011, SocketConnection.reasonFor(Disconnect.SERVER_ERROR).getCloseCode().getCode());
    }

    @Test
    void reasonsFitInACloseFrame() {
        for (Disconnect why : Disconnect.values()) {
            CloseReason reason = SocketConnection.reasonFor(why);
            assertTrue(reason.getReasonPhrase().getBytes(StandardCharsets.UTF_8).length <= 123, why.name());
        }
    }
}

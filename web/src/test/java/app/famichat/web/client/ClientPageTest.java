package app.famichat.web.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientPageTest {

    @Test
    void theBaseClimbsFromTheRouteBackToTheApplicationsRoot() {
        assertEquals("./", ClientPage.base(""));
        assertEquals("./", ClientPage.base("/"));
        assertEquals("./", ClientPage.base("/settings"));
        assertEquals("../", ClientPage.base("/c/6f1c0000-0000-0000-0000-000000000000"));
        assertEquals("../", ClientPage.base("/invite/fi1_x0Vb3w8mQm2pPpZ0lJ7m4A"));
        assertEquals("../../", ClientPage.base("/families/x/y"));
    }
}

package app.famichat.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinksTest {

    /** A request to {@code url}, as JAX-RS sees it (the host part comes from the client's Host header). */
    private static UriInfo requestTo(String url) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getAbsolutePath")) {
                        return URI.create(url);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Links links(String publicBaseUrl) {
        HttpSettings settings = new HttpSettings();
        settings.maxConcurrentRequestsPerAddress = 20;
        settings.maxBodyBytes = 65536;
        settings.publicBaseUrlSetting = Optional.ofNullable(publicBaseUrl);
        settings.check();
        Links links = new Links();
        links.settings = settings;
        return links;
    }

    @Test
    void withoutAPublicBaseUrlLinksAreRelative() {
        assertEquals(URI.create("/api/v1/families/42"),
                links(null).child(requestTo("http://attacker.example:666/api/v1/families"), "42"));
        assertEquals(URI.create("/api/v1/families/42"),
                links(" ").child(requestTo("http://attacker.example/api/v1/families/"), "42"));
    }

    @Test
    void withAPublicBaseUrlLinksUseIt() {
        assertEquals(URI.create("https://chat.example.org/api/v1/families/42"),
                links("https://chat.example.org/").child(requestTo("http://attacker.example/api/v1/families"), "42"));
        assertEquals(URI.create("https://example.org/famichat/api/v1/families/42"),
                links("https://example.org/famichat").child(requestTo("http://x/api/v1/families"), "42"));
    }

    @Test
    void aWrongPublicBaseUrlFailsTheDeployment() {
        for (String wrong : java.util.List.of("chat.example.org", "ftp://chat.example.org", "https://x/?a=b",
                "https://x/#f", "https://user@x", "https://")) {
            assertThrows(IllegalStateException.class, () -> links(wrong), wrong);
        }
    }
}

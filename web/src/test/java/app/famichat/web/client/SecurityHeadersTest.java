package app.famichat.web.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

    @Test
    void thePolicyAllowsOnlyThisOriginAndNoInlineCode() {
        String policy = SecurityHeaders.policy("");
        assertTrue(policy.startsWith("default-src 'self'; script-src 'self'; style-src 'self';"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertTrue(policy.endsWith("connect-src 'self'"), policy);
        assertTrue(!policy.contains("unsafe"), policy);
    }

    @Test
    void socketOriginsComeFromThePublicBaseUrlWhenOneIsSet() {
        assertEquals("wss://chat.example.org", SecurityHeaders.socketOrigins(
                Optional.of(URI.create("https://chat.example.org")), "evil.example"));
        assertEquals("ws://home.lan:8080 wss://home.lan:8080", SecurityHeaders.socketOrigins(
                Optional.of(URI.create("http://home.lan:8080")), null));
    }

    @Test
    void otherwiseFromAPlainHostHeader() {
        assertEquals("ws://127.0.0.1:8080 wss://127.0.0.1:8080", SecurityHeaders.socketOrigins(Optional.empty(), "127.0.0.1:8080"));
        assertEquals("ws://[::1]:8080 wss://[::1]:8080", SecurityHeaders.socketOrigins(Optional.empty(), "[::1]:8080"));
    }

    @Test
    void aHostHeaderThatCouldBreakThePolicyIsLeftOut() {
        assertEquals("", SecurityHeaders.socketOrigins(Optional.empty(), "x; script-src *"));
        assertEquals("", SecurityHeaders.socketOrigins(Optional.empty(), "a b"));
        assertEquals("", SecurityHeaders.socketOrigins(Optional.empty(), null));
        assertEquals("", SecurityHeaders.socketOrigins(Optional.empty(), "x".repeat(300)));
    }
}

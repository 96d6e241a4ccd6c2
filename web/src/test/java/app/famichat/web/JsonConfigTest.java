package app.famichat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request binding of every resource, with Payara's JSON-B implementation (Yasson). */
class JsonConfigTest {

    public record Sample(String name, Integer count, List<String> tags) {
    }

    private final Jsonb jsonb = new JsonConfig().getContext(Sample.class);

    @Test
    void bindsWellFormedRequests() {
        assertEquals(new Sample("oma", 3, List.of("a", "b")),
                jsonb.fromJson("{\"name\":\"oma\",\"count\":3,\"tags\":[\"a\",\"b\"]}", Sample.class));
    }

    @Test
    void refusesUnknownFields() {
        assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"name\":\"oma\",\"admin\":true}", Sample.class));
    }

    @Test
    void refusesNumbersAndBooleansWhereTextIsExpected() {
        assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"name\":1e400}", Sample.class));
        assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"name\":true}", Sample.class));
        assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"tags\":[1]}", Sample.class));
        assertThrows(JsonbException.class, () -> jsonb.fromJson("{\"name\":{\"x\":1}}", Sample.class));
    }

    @Test
    void keepsNullsAsAbsent() {
        assertEquals(new Sample(null, null, null), jsonb.fromJson("{\"name\":null}", Sample.class));
    }
}

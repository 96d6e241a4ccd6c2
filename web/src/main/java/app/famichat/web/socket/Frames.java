package app.famichat.web.socket;

import app.famichat.web.messages.MessageView;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * JSON text frames, read and written with JSON-P: the {@code type} field picks the frame, so it is read before
 * anything else. As in the REST API, an unknown field is an error (a typo must not pass silently), and details
 * never echo the input.
 */
final class Frames {

    /** Message ids one ack frame may carry (a client acknowledging a burst of pushed messages at once). */
    static final int MAX_ACK_IDS = 100;

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

    private Frames() {
    }

    static ClientFrame parse(String text) throws MalformedFrame {
        JsonObject json = object(text);
        if (!(json.get("type") instanceof JsonString type)) {
            throw new MalformedFrame("The frame needs a string field 'type'");
        }
        switch (type.getString()) {
            case "auth" -> {
                onlyFields(json, Set.of("type", "token"));
                if (!(json.get("token") instanceof JsonString token)) {
                    throw new MalformedFrame("The auth frame needs a string field 'token'");
                }
                return new ClientFrame.Auth(token.getString());
            }
            case "send" -> {
                String clientMessageId = json.get("clientMessageId") instanceof JsonString id ? id.getString() : null;
                try {
                    onlyFields(json, Set.of("type", "conversationId", "clientMessageId", "body"));
                    return new ClientFrame.Send(uuid(json, "conversationId"), string(json, "clientMessageId"),
                            string(json, "body"));
                } catch (MalformedFrame e) {
                    throw new MalformedFrame(e.getMessage(), clientMessageId);
                }
            }
            case "ack" -> {
                if (json.containsKey("messageIds")) {
                    onlyFields(json, Set.of("type", "messageIds"));
                    return new ClientFrame.Ack(uuids(json, "messageIds"));
                }
                onlyFields(json, Set.of("type", "messageId"));
                return new ClientFrame.Ack(List.of(uuid(json, "messageId")));
            }
            case "ping" -> {
                onlyFields(json, Set.of("type"));
                return new ClientFrame.Ping();
            }
            default -> throw new MalformedFrame("Unknown frame type");
        }
    }

    static String write(ServerFrame frame) {
        JsonObjectBuilder json = BUILDERS.createObjectBuilder();
        if (frame instanceof ServerFrame.Ready ready) {
            json.add("type", "ready")
                    .add("userId", ready.userId().toString())
                    .add("deviceId", ready.deviceId())
                    .add("heartbeatSeconds", ready.heartbeatSeconds());
        } else if (frame instanceof ServerFrame.Pong) {
            json.add("type", "pong");
        } else if (frame instanceof ServerFrame.Sent sent) {
            json.add("type", "sent")
                    .add("clientMessageId", sent.clientMessageId())
                    .add("messageId", sent.messageId().toString())
                    .add("seq", sent.seq())
                    .add("sentAt", sent.sentAt().toString());
        } else if (frame instanceof ServerFrame.Message pushed) {
            MessageView message = pushed.message();
            json.add("type", "message")
                    .add("messageId", message.messageId().toString())
                    .add("conversationId", message.conversationId().toString())
                    .add("seq", message.seq())
                    .add("senderId", message.senderId().toString())
                    .add("senderDeviceId", message.senderDeviceId())
                    .add("sentAt", message.sentAt().toString())
                    .add("body", message.body())
                    .add("undecryptable", message.undecryptable());
        } else if (frame instanceof ServerFrame.Status status) {
            json.add("type", "status")
                    .add("conversationId", status.conversationId().toString())
                    .add("messageId", status.messageId().toString())
                    .add("seq", status.seq())
                    .add("status", status.status());
        } else if (frame instanceof ServerFrame.RecoveryRequested requested) {
            json.add("type", "recovery-requested")
                    .add("requestId", requested.requestId().toString())
                    .add("device", requested.device())
                    .add("address", requested.address())
                    .add("expiresAt", requested.expiresAt().toString());
        } else if (frame instanceof ServerFrame.RecoveryClosed closed) {
            json.add("type", "recovery-closed")
                    .add("requestId", closed.requestId().toString());
        } else if (frame instanceof ServerFrame.GuardianRequest request) {
            json.add("type", "guardian-request")
                    .add("requestId", request.requestId().toString());
        } else {
            ServerFrame.Error error = (ServerFrame.Error) frame;
            json.add("type", "error").add("problem", BUILDERS.createObjectBuilder()
                    .add("type", error.problem().uri())
                    .add("title", error.problem().title())
                    .add("status", error.problem().status())
                    .add("detail", error.detail()));
            if (error.clientMessageId() != null) {
                json.add("clientMessageId", error.clientMessageId());
            }
            if (error.retryAfter() != null) {
                json.add("retryAfter", error.retryAfter());
            }
            if (error.messageIds() != null) {
                JsonArrayBuilder ids = BUILDERS.createArrayBuilder();
                error.messageIds().forEach(id -> ids.add(id.toString()));
                json.add("messageIds", ids);
            }
        }
        return json.build().toString();
    }

    /**
     * Exactly one JSON object: a parser rather than a reader, which would accept trailing content. Whatever the
     * parser throws is the frame's fault, the input being all it reads: besides {@code JsonException} and
     * {@code NoSuchElementException}, Parsson refuses nesting over 1,000 levels with a plain
     * {@code RuntimeException}.
     */
    private static JsonObject object(String text) throws MalformedFrame {
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (parser.hasNext() && parser.next() == JsonParser.Event.START_OBJECT) {
                JsonObject object = parser.getObject();
                if (!parser.hasNext()) {
                    return object;
                }
            }
        } catch (RuntimeException e) {
            // not JSON, or not JSON this server reads
        }
        throw new MalformedFrame("The frame is not a JSON object");
    }

    private static String string(JsonObject json, String field) throws MalformedFrame {
        if (!(json.get(field) instanceof JsonString value)) {
            throw new MalformedFrame("The frame needs a string field '" + field + "'");
        }
        return value.getString();
    }

    private static UUID uuid(JsonObject json, String field) throws MalformedFrame {
        return uuid(string(json, field), field);
    }

    /** 1 to {@value #MAX_ACK_IDS} UUIDs (a repeated one counts once). */
    private static List<UUID> uuids(JsonObject json, String field) throws MalformedFrame {
        if (!(json.get(field) instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_ACK_IDS) {
            throw new MalformedFrame("The field '" + field + "' must be an array of 1 to " + MAX_ACK_IDS + " UUIDs");
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString value)) {
                throw new MalformedFrame("The field '" + field + "' must be an array of 1 to " + MAX_ACK_IDS
                        + " UUIDs");
            }
            UUID id = uuid(value.getString(), field);
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static UUID uuid(String value, String field) throws MalformedFrame {
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new MalformedFrame("The field '" + field + "' must be a UUID");
    }

    private static void onlyFields(JsonObject json, Set<String> allowed) throws MalformedFrame {
        if (!allowed.containsAll(json.keySet())) {
            throw new MalformedFrame("The frame has an unknown field");
        }
    }
}

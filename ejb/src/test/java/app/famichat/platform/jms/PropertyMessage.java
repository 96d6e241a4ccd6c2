package app.famichat.platform.jms;

import jakarta.jms.Message;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * A JMS message holding only properties, for tests of announcements (which carry nothing else): its
 * {@code set*Property} and {@code get*Property} methods keep values in a map; anything else is unsupported.
 */
public final class PropertyMessage {

    private PropertyMessage() {
    }

    public static Message create() {
        Map<String, Object> properties = new HashMap<>();
        return (Message) Proxy.newProxyInstance(Message.class.getClassLoader(), new Class<?>[] {Message.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("set") && name.endsWith("Property")) {
                        properties.put((String) args[0], args[1]);
                        return null;
                    }
                    if (name.startsWith("get") && name.endsWith("Property")) {
                        return properties.get((String) args[0]);
                    }
                    if (name.equals("propertyExists")) {
                        return properties.containsKey((String) args[0]);
                    }
                    throw new UnsupportedOperationException(name);
                });
    }
}

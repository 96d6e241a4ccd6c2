package app.famichat.recovery;

import java.util.List;
import java.util.Map;

/**
 * The device a recovery request came from, as the owner and the guardians see it ("Chrome on Linux"): the browser
 * and the system named by the User-Agent header, nothing else of it (it is client-controlled text: the result only
 * ever holds names from the lists below).
 */
final class DeviceDescriptions {

    static final String UNKNOWN = "Unknown device";

    /** Checked in order: Edge and Opera say Chrome too, Chrome says Safari too. */
    private static final List<Map.Entry<String, String>> BROWSERS = List.of(
            Map.entry("Edg", "Edge"), Map.entry("OPR/", "Opera"), Map.entry("Opera", "Opera"),
            Map.entry("Firefox/", "Firefox"), Map.entry("FxiOS", "Firefox"), Map.entry("CriOS", "Chrome"),
            Map.entry("Chrome/", "Chrome"), Map.entry("Chromium/", "Chromium"), Map.entry("Safari/", "Safari"));

    /** Android and ChromeOS say Linux too; iPads may say Mac OS X. */
    private static final List<Map.Entry<String, String>> SYSTEMS = List.of(
            Map.entry("Android", "Android"), Map.entry("iPhone", "iOS"), Map.entry("iPad", "iPadOS"),
            Map.entry("CrOS", "ChromeOS"), Map.entry("Windows", "Windows"), Map.entry("Mac OS X", "macOS"),
            Map.entry("Macintosh", "macOS"), Map.entry("Linux", "Linux"), Map.entry("FreeBSD", "FreeBSD"));

    private DeviceDescriptions() {
    }

    static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UNKNOWN;
        }
        String browser = first(BROWSERS, userAgent);
        String system = first(SYSTEMS, userAgent);
        if (browser == null && system == null) {
            return UNKNOWN;
        }
        if (browser == null) {
            return "A device on " + system;
        }
        return system == null ? browser : browser + " on " + system;
    }

    private static String first(List<Map.Entry<String, String>> names, String userAgent) {
        for (Map.Entry<String, String> name : names) {
            if (userAgent.contains(name.getKey())) {
                return name.getValue();
            }
        }
        return null;
    }
}

package app.famichat.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests java.net.http cannot make: bodies the server refuses unread,
 * malformed request lines and headers, and requests from another loopback source address (127.0.0.2, ...: a
 * second "client" of the same server).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** A parsed answer: status (0 when the server closed without answering), headers (lower-case names), body. */
    public record Answer(int status, Map<String, String> headers, String body, String raw) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        static Answer parse(String raw) {
            int endOfHead = raw.indexOf("\r\n\r\n");
            String head = endOfHead < 0 ? raw : raw.substring(0, endOfHead);
            String body = endOfHead < 0 ? "" : raw.substring(endOfHead + 4);
            String[] lines = head.split("\r\n");
            int status = 0;
            if (lines[0].startsWith("HTTP/") && lines[0].length() >= 12) {
                status = Integer.parseInt(lines[0].substring(9, 12));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
                }
            }
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = unchunk(body);
            }
            return new Answer(status, headers, body, raw);
        }

        private static String unchunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int position = 0;
            while (position < chunked.length()) {
                int endOfSize = chunked.indexOf("\r\n", position);
                if (endOfSize < 0) {
                    break;
                }
                int size = Integer.parseInt(chunked.substring(position, endOfSize).split(";")[0].strip(), 16);
                if (size == 0) {
                    break;
                }
                int start = endOfSize + 2;
                body.append(chunked, start, Math.min(chunked.length(), start + size));
                position = start + size + 2;
            }
            return body.toString();
        }
    }

    /**
     * Sends the bytes as they are (the test writes the whole request, {@code Connection: close} included) from
     * the loopback source address {@code from} (null: any) and reads the answer until the server closes.
     */
    public static Answer exchange(String baseUrl, InetAddress from, byte[] request) throws IOException {
        URI uri = URI.create(baseUrl);
        try (Socket socket = new Socket()) {
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException closedEarly) {
                // the server answered and closed before reading everything: read its answer
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (IOException reset) {
                // connection reset after the answer
            }
            return Answer.parse(answer.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * A request with the given extra header lines ({@code "Name: value"}, each char one byte: ISO-8859-1) and an
     * optional body (sent with Content-Length), from {@code from}; a {@code Host} line replaces the real one.
     */
    public static Answer request(String baseUrl, InetAddress from, String method, String path, byte[] body,
                                 String... headerLines) throws IOException {
        URI uri = URI.create(baseUrl);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        if (Arrays.stream(headerLines).noneMatch(line -> line.regionMatches(true, 0, "Host:", 0, 5))) {
            head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        }
        head.append("Connection: close\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            bytes.writeBytes(body);
        }
        return exchange(baseUrl, from, bytes.toByteArray());
    }

    /** Sends the request (ignoring a connection the server closes mid-body) and returns the raw answer. */
    public static String post(String baseUrl, String path, String contentType, String body, boolean chunked)
            throws IOException {
        URI uri = URI.create(baseUrl);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bytes.length + "\r\n") + "\r\n";
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                if (chunked) {
                    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(bytes);
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the server answered and closed before reading everything: read its answer
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (IOException reset) {
                // connection reset after the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}

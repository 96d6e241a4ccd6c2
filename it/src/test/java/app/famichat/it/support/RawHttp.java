package app.famichat.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 over a plain socket, for requests java.net.http cannot make (bodies the server refuses unread). */
public final class RawHttp {

    private RawHttp() {
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

package app.famichat.launcher;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run as another OS user (see {@link AsOtherUser}): tries what a hostile local user would try against the embedded
 * PostgreSQL, and prints one line per attempt. It speaks the start of PostgreSQL's wire protocol itself (a
 * startup message as the superuser, then the server's first answer), so it needs no driver on its class path.
 *
 * <pre>
 *   tcp PORT         -> "authenticated" (trust!), "password requested (method N)", or "refused: ..."
 *   socket PATH      -> the same over the Unix socket
 *   read PATH        -> "read N bytes" or "refused: ..."
 * </pre>
 */
public final class LocalUserProbe {

    public static void main(String[] args) {
        try {
            System.out.println(switch (args[0]) {
                case "tcp" -> startup(SocketChannel.open(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]))));
                case "socket" -> {
                    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                    channel.connect(UnixDomainSocketAddress.of(args[1]));
                    yield startup(channel);
                }
                case "read" -> "read " + Files.readAllBytes(Path.of(args[1])).length + " bytes";
                default -> throw new IllegalArgumentException(args[0]);
            });
        } catch (Exception e) {
            System.out.println("refused: " + e);
        }
    }

    private static String startup(SocketChannel channel) throws IOException {
        try (channel) {
            OutputStream out = Channels.newOutputStream(channel);
            InputStream in = Channels.newInputStream(channel);
            byte[] parameters = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer message = ByteBuffer.allocate(8 + parameters.length);
            message.putInt(8 + parameters.length).putInt(196608).put(parameters);
            out.write(message.array());
            out.flush();
            DataInputStream answer = new DataInputStream(in);
            byte type = answer.readByte();
            int length = answer.readInt();
            if (type == 'R') {
                int method = answer.readInt();
                return method == 0 ? "authenticated" : "password requested (method " + method + ")";
            }
            byte[] body = new byte[Math.max(0, length - 4)];
            answer.readFully(body);
            return "refused: " + (char) type + " " + new String(body, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        }
    }
}

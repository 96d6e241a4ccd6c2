package app.famichat.web.body;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that is checked while the application reads it (never buffered whole): each chunk read is
 * shown to {@link #check}, and the end to {@link #atEnd}; either may throw to refuse the request.
 */
public abstract class CheckedEntityStream extends FilterInputStream {

    protected CheckedEntityStream(InputStream in) {
        super(in);
    }

    /** The bytes just read, in order. */
    protected abstract void check(byte[] buffer, int offset, int length);

    /** The body ended. */
    protected abstract void atEnd();

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            atEnd();
        } else {
            check(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read < 0) {
            atEnd();
        } else if (read > 0) {
            check(buffer, offset, read);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] skipped = new byte[(int) Math.min(n, 8192)];
        int read = read(skipped, 0, skipped.length); // skipped bytes are checked too
        return Math.max(read, 0);
    }
}

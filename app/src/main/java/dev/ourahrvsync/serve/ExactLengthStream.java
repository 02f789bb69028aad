package dev.ourahrvsync.serve;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A served file's bytes, exactly as many as the answer's {@code Content-Length} announced: what was appended since
 * is left out, and a file that came out shorter fails the answer (the connection is cut) instead of sending a
 * short body the client would take for the whole file.
 */
final class ExactLengthStream extends InputStream {

    private final FileChannel channel;
    private long remaining;

    ExactLengthStream(FileChannel channel, long length) {
        this.channel = channel;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int read = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, remaining)));
        if (read < 0) {
            throw new EOFException("the file became shorter while it was sent");
        }
        remaining -= read;
        return read;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

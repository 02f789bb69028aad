package dev.ourahrvsync.output;

import java.io.Closeable;
import java.io.IOException;
import java.util.function.Function;

/** Writes records into one file one at a time, so that a long history never has to be held whole. */
public interface RecordWriter<T> extends Closeable {

    void write(T record) throws IOException;

    /** This writer, taking records of another kind and turning each into this writer's kind. */
    default <S> RecordWriter<S> from(Function<? super S, ? extends T> convert) {
        RecordWriter<T> target = this;
        return new RecordWriter<>() {
            @Override
            public void write(S record) throws IOException {
                target.write(convert.apply(record));
            }

            @Override
            public void close() throws IOException {
                target.close();
            }
        };
    }
}

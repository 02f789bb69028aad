package dev.ourahrvsync.kamelet;

import dev.ourahrvsync.oura.SleepDay;
import dev.ourahrvsync.output.DataFile;
import dev.ourahrvsync.output.LatestPointers;
import dev.ourahrvsync.output.NightFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Every file one day's message changes, in the order they must be written: the day's own files, then the latest
 * pointers, which copy the newest day with HRV and so are worked out only once the day's files are in place. A
 * streaming split writes each file before it asks for the next one, which is when the pointers are read.
 */
public class DayFiles {

    private NightFiles nightFiles;
    private LatestPointers latestPointers;

    public void setNightFiles(NightFiles nightFiles) {
        this.nightFiles = nightFiles;
    }

    public void setLatestPointers(LatestPointers latestPointers) {
        this.latestPointers = latestPointers;
    }

    public Iterator<DataFile> files(SleepDay day) {
        Iterator<DataFile> own = nightFiles.files(day, null).iterator();
        return new Iterator<>() {
            private Iterator<DataFile> pointers;

            @Override
            public boolean hasNext() {
                if (own.hasNext()) {
                    return true;
                }
                if (pointers == null) {
                    try {
                        pointers = latestPointers.files().iterator();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return pointers.hasNext();
            }

            @Override
            public DataFile next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return own.hasNext() ? own.next() : pointers.next();
            }
        };
    }
}

package dev.ourahrvsync.output;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalTimesTest {

    @Test
    void yearsAreProlepticSoYearZeroIsNotSpelledAsOneOfAnEra() {
        // yyyy is the year of the era: year 0 would read 0001 (1 BC), and its date would not parse back
        OffsetDateTime yearZero = OffsetDateTime.parse("0000-06-01T01:02:03+02:00");

        assertEquals("0000-06-01 01:02:03 +0200", LocalTimes.appleHealth(yearZero));
        assertEquals("0000-06-01T01:02:03+02:00", LocalTimes.iso(yearZero));
        assertEquals(yearZero, OffsetDateTime.parse(LocalTimes.iso(yearZero)));
    }
}

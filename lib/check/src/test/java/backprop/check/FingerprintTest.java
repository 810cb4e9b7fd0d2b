package backprop.check;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FingerprintTest {

    @Test
    void aKeyAcceptsTheGridValuesOnEitherSide() {
        assertEquals(Set.of("2.080", "2.081"), Fingerprint.acceptedRoundings(2.0809165, 3));
        assertEquals(Set.of("-0.005", "-0.004"), Fingerprint.acceptedRoundings(-0.0041618, 3));
        assertEquals(Set.of("6"), Fingerprint.acceptedRoundings(6, 0));
        assertEquals(Set.of("0.000"), Fingerprint.acceptedRoundings(-0.0, 3));
    }

    @Test
    void studentsNumbersAreRoundedHalfAwayFromZero() {
        assertEquals("2.081", Fingerprint.rounded(2.0809165, 3));
        assertEquals("2.080", Fingerprint.rounded(2.08, 3));
        assertEquals("0.289", Fingerprint.rounded(0.2885, 3));
        assertEquals("-0.139", Fingerprint.rounded(-0.1387277, 3));
        assertEquals("0.000", Fingerprint.rounded(-0.0001, 3));
    }

    @Test
    void fingerprintsDependOnTheSaltAndTheAnswer() {
        String a = Fingerprint.of("ex/q", "0.288");
        assertEquals(16, a.length());
        assertEquals(a, Fingerprint.of("ex/q", "0.288"));
        assertNotEquals(a, Fingerprint.of("ex/q2", "0.288"));
        assertNotEquals(a, Fingerprint.of("ex/q", "0.289"));
    }

    @Test
    void aValueNearARoundingBoundaryCarriesBothRoundings() {
        assertEquals(Set.of("1.00000e+00"), Fingerprint.significant(1.0));
        Set<String> near = Fingerprint.significant(0.1234565000000001);
        assertTrue(near.contains("1.23457e-01") && near.contains("1.23456e-01"), near.toString());
        assertEquals(Set.of("0"), Fingerprint.significant(1e-17));
        assertEquals(Set.of("NaN"), Fingerprint.significant(Double.NaN));
    }

    @Test
    void choicesIgnoreCaseAndSpaces() {
        assertEquals("B", Fingerprint.choice(" b "));
    }
}

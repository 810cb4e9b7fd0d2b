package backprop.grader;

import backprop.check.Answer;
import backprop.check.Fingerprints;
import backprop.check.Kind;
import backprop.check.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two judges — the exact one the grader uses and the fingerprint one in the notebook — on the
 * course's answers, their neighbours and their well-known mistakes.
 */
public class AnswerKeyTest {

    static final String KEY = """
            { "exercise": "test-ex", "questions": [
              { "id": "loss", "kind": "number", "answer": 0.2884284164, "decimals": 3,
                "mistakes": [ { "answer": 0.5768568328, "feedback": "without the ½" } ] },
              { "id": "dw1", "kind": "number", "points": 2, "answer": 2.0809165, "decimals": 3 },
              { "id": "db", "kind": "number", "answer": -0.1387277, "decimals": 4,
                "mistakes": [ { "answer": 0.1387277, "feedback": "the sign" } ] },
              { "id": "slopes", "kind": "number", "answer": [0, 6, 0, 12], "decimals": 0 },
              { "id": "sigma-prime", "kind": "formula", "answer": "e^(-z)/(1+e^(-z))^2",
                "variables": { "z": [-4, 4] },
                "mistakes": [ { "answer": "1-(1/(1+e^(-z)))", "feedback": "only the factor 1 − σ(z)" } ] },
              { "id": "sgd", "kind": "formula", "answer": "w_1-eta*(partialC)/(partialw_1)",
                "variables": { "w_1": [-2, 2], "eta": [0.01, 1], "partialC": [-3, 3], "partialw_1": [0.5, 3] } },
              { "id": "passes", "kind": "choice", "options": ["A", "B", "C", "D"], "answer": "C",
                "mistakes": [ { "answer": "D", "feedback": "a backward pass is not a forward pass" } ] },
              { "id": "code", "kind": "code", "points": 3, "seconds": 5 } ] }
            """;

    public static final AnswerKey key = AnswerKey.parse(KEY, "test key");
    static final Fingerprints prints = Fingerprints.decode(KeyFingerprints.of(key).encode());

    /** Both judges, so every expectation below holds for each. */
    static final List<BiFunction<String, Answer, Verdict>> JUDGES = List.of(key::judge, prints::judge);

    static void right(String id, Answer a) {
        for (BiFunction<String, Answer, Verdict> judge : JUDGES) {
            Verdict v = judge.apply(id, a);
            assertTrue(v.isRight(), id + " " + a + ": " + v.message());
        }
    }

    static void wrong(String id, Answer a, String messagePart) {
        for (BiFunction<String, Answer, Verdict> judge : JUDGES) {
            Verdict v = judge.apply(id, a);
            assertFalse(v.isRight(), id + " " + a + " should be wrong");
            assertTrue(v.message().contains(messagePart), id + " " + a + ": " + v.message());
        }
    }

    @Test
    void numbersPassToTheirDecimalsEitherSideOfTheKey() {
        right("loss", Answer.numbers(0.288));
        right("loss", Answer.numbers(0.2884284));
        right("dw1", Answer.numbers(2.080));
        right("dw1", Answer.numbers(2.081));
        right("dw1", Answer.numbers(2.0809));
        wrong("dw1", Answer.numbers(2.082), "compared to 3 decimals");
        right("db", Answer.numbers(-0.1387));
        wrong("db", Answer.numbers(-0.139), "compared to 4 decimals");
    }

    @Test
    void knownNumberMistakesGetTheirFeedback() {
        wrong("loss", Answer.numbers(0.577), "without the ½");
        wrong("db", Answer.numbers(0.1387), "the sign");
        wrong("loss", Answer.numbers(Double.NaN), "NaN");
        wrong("loss", Answer.numbers(1, 2), "expected one number but got 2");
    }

    @Test
    void listsEarnAShareForEachRightEntry() {
        right("slopes", Answer.numbers(0, 6, 0, 12));
        for (BiFunction<String, Answer, Verdict> judge : JUDGES) {
            Verdict v = judge.apply("slopes", Answer.numbers(0, 6, 6, 12));
            assertEquals(0.75, v.score());
            assertTrue(v.message().contains("entry 3"), v.message());
        }
    }

    @Test
    void equivalentFormulasPassAndTheIncompleteSigmoidSlopeDoesNot() {
        right("sigma-prime", Answer.formula("e^(-z)/(1+e^(-z))^2"));
        right("sigma-prime", Answer.formula("(1/(1+e^(-z)))*(1-1/(1+e^(-z)))"));
        right("sigma-prime", Answer.formula("exp(-z) / (1 + 2*exp(-z) + exp(-2*z))"));
        right("sigma-prime", Answer.formula("1/(e^(z/2)+e^(-z/2))^2"));
        wrong("sigma-prime", Answer.formula("1-(1/(1+e^(-z)))"), "only the factor 1 − σ(z)");
        wrong("sigma-prime", Answer.formula("e^(-z)/(1+e^(-z))"), "only the factor 1 − σ(z)");
        wrong("sigma-prime", Answer.formula("1/(1+e^(-z))"), "not equivalent");
        wrong("sigma-prime", Answer.formula("e^(-z)/(1+e^(-z)^2"), "never closed");
        wrong("sigma-prime", Answer.formula("s*(1-s)"), "unknown name 's'");
    }

    @Test
    void theSgdRuleInMultiLetterVariables() {
        right("sgd", Answer.formula("w_1-eta*(partialC)/(partialw_1)"));
        right("sgd", Answer.formula("w_1 - eta*partialC/partialw_1"));
        right("sgd", Answer.formula("-(eta/partialw_1)*partialC + w_1"));
        wrong("sgd", Answer.formula("w_1+eta*(partialC)/(partialw_1)"), "not equivalent");
        wrong("sgd", Answer.formula("w_1-(partialC)/(partialw_1)"), "not equivalent");
    }

    @Test
    void choices() {
        right("passes", Answer.choice("c"));
        wrong("passes", Answer.choice("D"), "backward pass");
        wrong("passes", Answer.choice("B"), "not the right option");
        wrong("passes", Answer.choice("E"), "not one of the options A, B, C, D");
    }

    @Test
    void answersOfTheWrongKindAreNamed() {
        wrong("loss", Answer.formula("0.288"), "number question");
    }

    @Test
    void theNotebookSeesFingerprintsNeverTheAnswers() {
        String encoded = KeyFingerprints.of(key).encode();
        String json = new String(java.util.Base64.getDecoder().decode(encoded));
        assertFalse(json.contains("\"answer\""), json);
        for (String secret : new String[] {"0.288", "2.08", "0.1387", "e^(-z)", "w_1-eta"}) {
            assertFalse(json.contains(secret), "the published fingerprints contain " + secret);
        }
        assertTrue(json.contains("without the ½"), "mistake feedback is published");
        assertEquals(5, prints.seconds("code"));
        assertEquals(Kind.CODE, prints.kind("code"));
    }

    @Test
    void aBrokenKeyIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AnswerKey.parse("{", "k.json"))
                .getMessage().startsWith("k.json is not valid JSON"));
        String wrongKey = """
                { "exercise": "e", "questions": [ { "id": "q", "kind": "number", "answer": 1,
                  "mistakes": [ { "answer": 1.0004, "feedback": "x" } ] } ] }""";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AnswerKey.parse(wrongKey, "k"))
                .getMessage().contains("would count as right"));
        String noVariables = """
                { "exercise": "e", "questions": [ { "id": "q", "kind": "formula", "answer": "z" } ] }""";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AnswerKey.parse(noVariables, "k"))
                .getMessage().contains("needs its variables"));
    }
}

package demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated model trains from a plain application and beats the untrained one. */
class TrainTest {
    @Test
    void trainingTheGeneratedModelBeatsIndependentUniformSpins(@TempDir Path out) throws Exception {
        double ll = Train.trainAndEvaluate(out, 42);
        // Untrained (J = 0, h = 0) every state of 10 spins has probability 2^-10: -10 ln 2 = -6.93 nats.
        // The data come from couplings of scale 0.4, so the trained model must do clearly better.
        assertTrue(ll > -10 * Math.log(2) + 0.1, "held-out log-likelihood " + ll);
        assertTrue(Files.exists(out.resolve("samples.png")), "no samples.png");
        assertTrue(Files.exists(out.resolve("checkpoint.json")), "no checkpoint");
    }
}

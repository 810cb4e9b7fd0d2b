package backprop;

import java.util.Random;

/** How a network's weights and biases are first drawn. */
public enum Init {

    /** w and b from N(0, 1), as in the classic textbook code (Nielsen's network.py). */
    GAUSSIAN {
        @Override
        Matrix weights(int outputs, int inputs, Random random) {
            return Matrix.gaussian(outputs, inputs, 1.0, random);
        }
    },

    /**
     * w from N(0, 1/n_in), that is a standard deviation of 1/√fan_in, and b from N(0, 1)
     * (network2.py's default): z starts near the steep part of the activation, not saturated.
     */
    SCALED_GAUSSIAN {
        @Override
        Matrix weights(int outputs, int inputs, Random random) {
            return Matrix.gaussian(outputs, inputs, 1.0 / Math.sqrt(inputs), random);
        }
    };

    abstract Matrix weights(int outputs, int inputs, Random random);

    Matrix biases(int outputs, Random random) {
        return Matrix.gaussian(outputs, 1, 1.0, random);
    }
}

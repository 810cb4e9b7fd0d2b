package backprop.grader;

import backprop.Activation;
import backprop.Cost;
import backprop.Gradients;
import backprop.Layer;
import backprop.Matrix;
import backprop.Network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an exercise's numbers are made of, computed by the library: from the numbers a student is
 * given (a network's weights, an input, a target), every quantity the exercise asks for and the
 * values of its known mistakes. An answer key names its model ({@code "variant": {"model": …}});
 * its varied questions and mistakes name the model's quantities.
 */
interface VariantModel {

    /** The numbers the model reads, in the order an exercise states them. */
    List<String> numbers();

    /** Every quantity of the model, by name, for these numbers. */
    Map<String, Double> quantities(Map<String, Double> numbers);

    /** The model an answer key names; an unknown name is refused with the known ones. */
    static VariantModel named(String name, String where) {
        return switch (name) {
            case ReluThenSigmoid.NAME -> new ReluThenSigmoid();
            default -> throw new IllegalArgumentException(where + ": no variant model '" + name
                    + "'; the models are: " + ReluThenSigmoid.NAME);
        };
    }

    /**
     * The simple network of lecture 04, one neuron per layer: z₁ = w₁·x, a₁ = ReLU(z₁),
     * z₂ = w₂·a₁ + b, y = σ(z₂), C = ½(y − t)². Its forward and backward passes are the library's
     * ({@link Network#backprop}); the mistakes are the same equations with one thing wrong.
     */
    final class ReluThenSigmoid implements VariantModel {
        static final String NAME = "relu-then-sigmoid";

        @Override
        public List<String> numbers() {
            return List.of("x", "t", "w1", "w2", "b");
        }

        @Override
        public Map<String, Double> quantities(Map<String, Double> n) {
            double x = n.get("x");
            double t = n.get("t");
            double w1 = n.get("w1");
            double w2 = n.get("w2");
            Network net = Network.of(Layer.withoutBias(Matrix.scalar(w1), Activation.RELU),
                    Layer.of(Matrix.scalar(w2), Matrix.scalar(n.get("b")), Activation.SIGMOID));
            Gradients g = net.backprop(Matrix.scalar(x), Matrix.scalar(t), Cost.QUADRATIC);
            double z1 = g.trace().z(1).get(0);
            double a1 = g.trace().a(1).get(0);
            double y = g.trace().a(2).get(0);
            double delta2 = g.delta(2).get(0);
            double delta1 = g.delta(1).get(0);
            double reluPrime = Activation.RELU.derivative(z1);
            Map<String, Double> q = new LinkedHashMap<>();
            q.put("z1", z1);
            q.put("z2", g.trace().z(2).get(0));
            q.put("y", y);
            q.put("loss", g.cost());
            q.put("dC-db", g.nablaB(2).get(0));
            q.put("dC-dw2", g.nablaW(2).get(0));
            q.put("dC-dw1", g.nablaW(1).get(0));
            // The known mistakes, each one equation written wrong.
            q.put("loss without ½", (y - t) * (y - t));
            q.put("dC-db with its sign flipped", -delta2);
            q.put("δ₂ without σ′(z₂)", y - t);                           // BP1 without σ′
            q.put("δ₂ with σ(z₂) for σ′(z₂)", (y - t) * y);              // BP1, σ for σ′
            q.put("dC-dw2 without σ′(z₂)", (y - t) * a1);
            q.put("dC-dw1 with its sign flipped", -delta1 * x);
            q.put("dC-dw1 without σ′(z₂)", (y - t) * w2 * reluPrime * x);
            q.put("dC-dw1 with a₁ for x", delta1 * a1);                  // BP4 with a^l for a^(l−1)
            return q;
        }
    }
}

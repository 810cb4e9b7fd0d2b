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
            case TwoByTwo.NAME -> new TwoByTwo();
            default -> throw new IllegalArgumentException(where + ": no variant model '" + name
                    + "'; the models are: " + ReluThenSigmoid.NAME + ", " + TwoByTwo.NAME);
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

    /**
     * A network of two sigmoid layers of two neurons each, for one example (x₁, x₂) and its target
     * (y₁, y₂), with the quadratic cost: the numbers are x1, x2, y1, y2, the weights w1_jk, w2_jk
     * and the biases b1_j, b2_j. The quantities are each layer's δ, entry by entry ("δ¹ [1]"), the
     * cost, and δ¹ with each known mistake of BP2 (its weights square, so that w² for (w²)ᵀ runs).
     */
    final class TwoByTwo implements VariantModel {
        static final String NAME = "two-by-two-sigmoid";

        @Override
        public List<String> numbers() {
            return List.of("x1", "x2", "y1", "y2", "w1_11", "w1_12", "w1_21", "w1_22", "b1_1", "b1_2",
                    "w2_11", "w2_12", "w2_21", "w2_22", "b2_1", "b2_2");
        }

        @Override
        public Map<String, Double> quantities(Map<String, Double> n) {
            Matrix w1 = Matrix.of(new double[][] {{n.get("w1_11"), n.get("w1_12")}, {n.get("w1_21"), n.get("w1_22")}});
            Matrix w2 = Matrix.of(new double[][] {{n.get("w2_11"), n.get("w2_12")}, {n.get("w2_21"), n.get("w2_22")}});
            Network net = Network.of(Layer.of(w1, Matrix.vector(n.get("b1_1"), n.get("b1_2")), Activation.SIGMOID),
                    Layer.of(w2, Matrix.vector(n.get("b2_1"), n.get("b2_2")), Activation.SIGMOID));
            Gradients g = net.backprop(Matrix.vector(n.get("x1"), n.get("x2")), Matrix.vector(n.get("y1"), n.get("y2")),
                    Cost.QUADRATIC);
            Matrix z1 = g.trace().z(1);
            Matrix sp = Activation.SIGMOID.derivative(z1);
            Matrix back = w2.transpose().times(g.delta(2));
            Map<String, Double> q = new LinkedHashMap<>();
            q.put("loss", g.cost());
            put(q, "δ²", g.delta(2));
            put(q, "δ¹", g.delta(1));
            // BP2 written wrong, one way each.
            put(q, "δ¹ with w² for (w²)ᵀ", w2.times(g.delta(2)).hadamard(sp));
            put(q, "δ¹ without σ′(z¹)", back);
            put(q, "δ¹ with σ(z¹) for σ′(z¹)", back.hadamard(Activation.SIGMOID.apply(z1)));
            put(q, "δ¹ with σ′(z¹) twice", back.hadamard(sp).hadamard(sp));
            return q;
        }

        private static void put(Map<String, Double> q, String name, Matrix column) {
            for (int j = 0; j < column.rows(); j++) {
                q.put(name + " [" + (j + 1) + "]", column.get(j));
            }
        }
    }
}

package backprop.fast;

import backprop.Activation;
import backprop.Cost;
import backprop.DataSet;
import backprop.Epoch;
import backprop.Gradients;
import backprop.Matrix;
import backprop.Network;
import backprop.Sgd;
import backprop.Trace;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * JMH benchmarks of the kernels of one training step of the benchmark's workload ([784, 30, 10]
 * sigmoid, quadratic cost; see Workload), for mini-batches of 10 and 100: microseconds per
 * mini-batch.
 *
 * <p>It sits in package {@code backprop.fast} (in the bench module, not the library) to reach
 * FastSgd's package-private kernels. Run through {@code bench/run --kernels}, or
 * {@code java -cp … org.openjdk.jmh.Main 'backprop\.fast\.KernelBench'}.
 *
 * <ul>
 *   <li>{@code engineForward}: z = w a + b and a = σ(z) for both layers ({@link WeightedInputs},
 *       or {@link VectorWeightedInputs} with {@code vector=true}).</li>
 *   <li>{@code engineBackward}: BP1 and BP2 for every example (tiny at these sizes).</li>
 *   <li>{@code engineStep}: BP3, BP4 and the update of both layers ({@link Update}, or
 *       {@link VectorUpdate}).</li>
 *   <li>{@code engineEpochOf1000}: 1,000 examples through the whole engine, on one thread.</li>
 *   <li>The readable-path benchmarks do not depend on {@code vector}.</li>
 *   <li>{@code readableBackprop}, {@code readableStep}: {@code net.backprop(x, y, cost)} and
 *       {@code sgd.step(net, g)} on the mini-batch as matrices.</li>
 *   <li>{@code perExampleForward}: {@code net.forward(x)} for one example: w x as a matrix–vector
 *       product, the per-example path's hot spot.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector"})
public class KernelBench {

    @Param({"10", "100"})
    int batch;

    /** The Vector API kernels (true) or the plain ones. */
    @Param({"true", "false"})
    boolean vector;

    static final int[] SIZES = {784, 30, 10};

    double[][][] w;
    double[][] b;
    double[][][] z;
    double[][][] a;
    double[][][] delta;
    double[][] y;
    double[] g1;
    double[] g2;
    double[] sq1;
    double[] sq2;
    double[] dCda;
    double[] h1;
    double[] h2;
    double[] lanes = new double[Part.LANES_AT_MOST];

    Network net;
    Matrix x;
    Matrix yBatch;
    Matrix x0;
    Gradients gradients;
    Sgd sgd;
    DataSet thousand;
    Engine engine;
    int[] order;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(1);
        net = Network.sizes(SIZES).seed(1).build();
        w = new double[3][][];
        b = new double[3][];
        z = new double[3][batch][];
        a = new double[3][batch][];
        delta = new double[3][batch][];
        for (int l = 1; l <= 2; l++) {
            w[l] = net.w(l).toArray();
            b[l] = net.b(l).toFlatArray();
            for (int e = 0; e < batch; e++) {
                z[l][e] = new double[SIZES[l]];
                a[l][e] = new double[SIZES[l]];
                delta[l][e] = new double[SIZES[l]];
            }
        }
        y = new double[batch][10];
        for (int e = 0; e < batch; e++) {
            a[0][e] = new double[784];
            for (int k = 0; k < 784; k++) {
                a[0][e][k] = random.nextDouble();
            }
            y[e][random.nextInt(10)] = 1;
        }
        g1 = new double[784];
        g2 = new double[30];
        h1 = new double[784];
        h2 = new double[30];
        sq1 = new double[784];
        sq2 = new double[30];
        dCda = new double[30];

        x = Matrix.fill(784, batch, (i, j) -> a[0][j][i]);
        yBatch = Matrix.fill(10, batch, (i, j) -> y[j][i]);
        x0 = x.column(0);
        sgd = Sgd.eta(3).batchSize(batch);
        gradients = net.backprop(x, yBatch, Cost.QUADRATIC);

        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(10);
        }
        thousand = DataSet.labelled(Matrix.fill(784, 1000, (i, j) -> random.nextDouble()), labels, 10);
        double[][][] rows = {thousand.x().transpose().toArray(), thousand.y().transpose().toArray()};
        engine = new Engine(Network.sizes(SIZES).seed(2).build(), rows, batch, Cost.QUADRATIC, 3, 1,
                1, vector, false);
        order = DataSet.shuffledOrder(1000, random);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public double[][][] engineForward() {
        for (int l = 1; l <= 2; l++) {
            if (vector) {
                VectorWeightedInputs.compute(w[l], b[l], a[l - 1], z[l], 0, batch, 0, SIZES[l], lanes);
            } else {
                WeightedInputs.compute(w[l], b[l], a[l - 1], z[l], 0, batch, 0, SIZES[l]);
            }
            for (int e = 0; e < batch; e++) {
                PerExample.activate(Activation.SIGMOID, z[l][e], a[l][e]);
            }
        }
        return a;
    }

    @Benchmark
    public double[][][] engineBackward() {
        for (int e = 0; e < batch; e++) {
            PerExample.outputError(Cost.QUADRATIC, Activation.SIGMOID, z[2][e], a[2][e], y[e], dCda,
                    delta[2][e]);                                                       // BP1
            PerExample.hiddenError(w[2], delta[2][e], Activation.SIGMOID, z[1][e], a[1][e], dCda,
                    delta[1][e]);                                                       // BP2
        }
        return delta;
    }

    @Benchmark
    public double[][][] engineStep() {
        // a tiny η keeps the weights where they are over millions of calls
        if (vector) {
            VectorUpdate.step(w[2], b[2], a[1], delta[2], batch, 0, 10, 1e-12, 1, g2, h2, sq2);
            VectorUpdate.step(w[1], b[1], a[0], delta[1], batch, 0, 30, 1e-12, 1, g1, h1, sq1);
        } else {
            Update.step(w[2], b[2], a[1], delta[2], batch, 0, 10, 1e-12, 1, g2, sq2);
            Update.step(w[1], b[1], a[0], delta[1], batch, 0, 30, 1e-12, 1, g1, sq1);
        }
        return w;
    }

    @Benchmark
    public Epoch.Totals engineEpochOf1000() {
        Epoch.Totals totals = new Epoch.Totals(2);
        engine.epoch(order, totals);
        return totals;
    }

    @Benchmark
    public Gradients readableBackprop() {
        return net.backprop(x, yBatch, Cost.QUADRATIC);
    }

    @Benchmark
    public Network readableStep() {
        Network copy = net.copy();
        sgd.step(copy, gradients);
        return copy;
    }

    @Benchmark
    public Trace perExampleForward() {
        return net.forward(x0);
    }
}

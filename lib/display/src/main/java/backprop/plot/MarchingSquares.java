package backprop.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Level curves of a function of two variables, f(x, y) = level, found by marching squares on a
 * grid of samples: where a grid edge has one end below the level and the other at or above it,
 * the curve crosses that edge, at the point found by linear interpolation. Each grid square joins
 * its crossings into segments, and the segments are joined into polylines.
 *
 * <p>This is the geometry only (no drawing); {@link ContourPlot} turns the lines into a chart.
 *
 * <pre>{@code
 * MarchingSquares.Grid grid = MarchingSquares.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 41);
 * List<MarchingSquares.Line> circle = MarchingSquares.lines(grid, 1.0);   // one closed line
 * }</pre>
 */
public final class MarchingSquares {

    private MarchingSquares() {
    }

    /**
     * Samples of a function on a grid: {@code values[i][j]} = f(xs[j], ys[i]), so row i is the
     * line y = ys[i]. xs and ys increase.
     *
     * @param xs     the x of each column of samples, at least 2
     * @param ys     the y of each row of samples, at least 2
     * @param values the samples, one row per y and one entry per x
     */
    public record Grid(double[] xs, double[] ys, double[][] values) {
        public Grid {
            if (xs.length < 2 || ys.length < 2) {
                throw new IllegalArgumentException("a grid needs at least 2 × 2 points, got "
                        + xs.length + " × " + ys.length);
            }
            if (values.length != ys.length) {
                throw new IllegalArgumentException("the grid has " + ys.length + " y values but "
                        + values.length + " rows of samples: give one row per y");
            }
            for (int i = 0; i < values.length; i++) {
                if (values[i].length != xs.length) {
                    throw new IllegalArgumentException("row " + i + " of the samples has "
                            + values[i].length + " values, but there are " + xs.length + " x values");
                }
            }
            xs = xs.clone();
            ys = ys.clone();
            values = Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
        }
    }

    /**
     * A polyline through (x[i], y[i]); a closed one ends at the point where it starts.
     *
     * @param x the points' x, in order along the line
     * @param y the points' y, one per x
     */
    public record Line(double[] x, double[] y) {
        /** The number of points. */
        public int size() {
            return x.length;
        }

        /** Whether the line is a loop: more than 2 points, the last equal to the first. */
        public boolean closed() {
            return x.length > 2 && x[0] == x[x.length - 1] && y[0] == y[y.length - 1];
        }
    }

    /** f sampled on n × n points spread evenly over [xMin, xMax] × [yMin, yMax]. */
    public static Grid sample(DoubleBinaryOperator f, double xMin, double xMax, double yMin,
                              double yMax, int n) {
        if (!(xMin < xMax) || !(yMin < yMax)) {
            throw new IllegalArgumentException("the ranges need min < max, got x from " + xMin
                    + " to " + xMax + " and y from " + yMin + " to " + yMax);
        }
        if (n < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points per side, got " + n);
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = xMin + (xMax - xMin) * i / (n - 1);
            ys[i] = yMin + (yMax - yMin) * i / (n - 1);
        }
        double[][] values = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                values[i][j] = f.applyAsDouble(xs[j], ys[i]);
            }
        }
        return new Grid(xs, ys, values);
    }

    /**
     * The polylines where the sampled function equals the level: open ones run from the edge of
     * the grid to the edge, closed ones go round. Squares with a NaN corner are left out.
     */
    public static List<Line> lines(Grid grid, double level) {
        return new Tracer(grid, level).lines();
    }

    /** One level on one grid: crossings on grid edges, joined square by square, then walked. */
    private static final class Tracer {
        private final Grid grid;
        private final double level;
        private final int nx;
        private final int ny;
        private final int horizontal; // edges (i, j)–(i, j+1) come first, then vertical ones
        private final List<int[]> segments = new ArrayList<>();
        private final List<List<Integer>> touching; // segment numbers at each grid edge

        Tracer(Grid grid, double level) {
            this.grid = grid;
            this.level = level;
            this.nx = grid.xs().length;
            this.ny = grid.ys().length;
            this.horizontal = ny * (nx - 1);
            int edges = horizontal + (ny - 1) * nx;
            this.touching = new ArrayList<>(edges);
            for (int e = 0; e < edges; e++) {
                touching.add(new ArrayList<>(2));
            }
        }

        private double v(int i, int j) {
            return grid.values()[i][j];
        }

        private boolean above(int i, int j) {
            return v(i, j) >= level;
        }

        private int bottom(int i, int j) {
            return i * (nx - 1) + j;
        }

        private int top(int i, int j) {
            return bottom(i + 1, j);
        }

        private int left(int i, int j) {
            return horizontal + i * nx + j;
        }

        private int right(int i, int j) {
            return left(i, j + 1);
        }

        List<Line> lines() {
            for (int i = 0; i < ny - 1; i++) {
                for (int j = 0; j < nx - 1; j++) {
                    square(i, j);
                }
            }
            boolean[] used = new boolean[segments.size()];
            List<Line> lines = new ArrayList<>();
            // Open lines start at a grid edge that only one segment touches (the grid's border).
            for (int e = 0; e < touching.size(); e++) {
                if (touching.get(e).size() == 1 && !used[touching.get(e).get(0)]) {
                    lines.add(walk(e, used));
                }
            }
            for (int s = 0; s < segments.size(); s++) {
                if (!used[s]) {
                    lines.add(walk(segments.get(s)[0], used));
                }
            }
            return lines;
        }

        /** The segments of square (i, j), whose lower-left corner is (xs[j], ys[i]). */
        private void square(int i, int j) {
            if (Double.isNaN(v(i, j)) || Double.isNaN(v(i, j + 1)) || Double.isNaN(v(i + 1, j))
                    || Double.isNaN(v(i + 1, j + 1))) {
                return;
            }
            boolean ll = above(i, j), lr = above(i, j + 1), ur = above(i + 1, j + 1), ul = above(i + 1, j);
            List<Integer> crossed = new ArrayList<>(4);
            if (ll != lr) {
                crossed.add(bottom(i, j));
            }
            if (lr != ur) {
                crossed.add(right(i, j));
            }
            if (ul != ur) {
                crossed.add(top(i, j));
            }
            if (ll != ul) {
                crossed.add(left(i, j));
            }
            if (crossed.size() == 2) {
                segment(crossed.get(0), crossed.get(1));
            } else if (crossed.size() == 4) {
                // A saddle: opposite corners agree. The mean of the corners decides which side
                // joins through the middle; each corner on the other side is cut off alone.
                double centre = (v(i, j) + v(i, j + 1) + v(i + 1, j) + v(i + 1, j + 1)) / 4;
                boolean middle = centre >= level;
                if (ll != middle) {
                    segment(left(i, j), bottom(i, j));
                }
                if (lr != middle) {
                    segment(bottom(i, j), right(i, j));
                }
                if (ur != middle) {
                    segment(right(i, j), top(i, j));
                }
                if (ul != middle) {
                    segment(top(i, j), left(i, j));
                }
            }
        }

        private void segment(int edgeA, int edgeB) {
            int s = segments.size();
            segments.add(new int[] {edgeA, edgeB});
            touching.get(edgeA).add(s);
            touching.get(edgeB).add(s);
        }

        /** Follows segments from one grid edge until the line ends or comes back. */
        private Line walk(int startEdge, boolean[] used) {
            List<double[]> points = new ArrayList<>();
            int edge = startEdge;
            points.add(crossing(edge));
            while (true) {
                int next = -1;
                for (int s : touching.get(edge)) {
                    if (!used[s]) {
                        next = s;
                        break;
                    }
                }
                if (next < 0) {
                    break;
                }
                used[next] = true;
                int[] seg = segments.get(next);
                edge = seg[0] == edge ? seg[1] : seg[0];
                points.add(crossing(edge));
            }
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            for (int p = 0; p < x.length; p++) {
                x[p] = points.get(p)[0];
                y[p] = points.get(p)[1];
            }
            return new Line(x, y);
        }

        /** Where the level crosses a grid edge, by linear interpolation between its ends. */
        private double[] crossing(int edge) {
            int i0, j0, i1, j1;
            if (edge < horizontal) {
                i0 = edge / (nx - 1);
                j0 = edge % (nx - 1);
                i1 = i0;
                j1 = j0 + 1;
            } else {
                i0 = (edge - horizontal) / nx;
                j0 = (edge - horizontal) % nx;
                i1 = i0 + 1;
                j1 = j0;
            }
            double t = (level - v(i0, j0)) / (v(i1, j1) - v(i0, j0));
            double[] xs = grid.xs(), ys = grid.ys();
            return new double[] {xs[j0] + t * (xs[j1] - xs[j0]), ys[i0] + t * (ys[i1] - ys[i0])};
        }
    }
}

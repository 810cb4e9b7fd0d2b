package backprop.plot;

import backprop.TextTable;

/**
 * A growth law y = c · x^k, fitted by least squares to the points (log x, log y): on log–log axes
 * a power law is a straight line of slope k. How the cost of a computation grows with its size is
 * read off k (1: linear, 2: quadratic), and {@link #at} extrapolates it.
 *
 * <pre>{@code
 * PowerLaw time = PowerLaw.fit(parameters, seconds);   // say k ≈ 2
 * time.at(1e6);                                        // the time for a million parameters
 * }</pre>
 *
 * @param factor   c, the value at x = 1
 * @param exponent k, the slope on log–log axes
 */
public record PowerLaw(double factor, double exponent) {

    /** Fits y = c · x^k through all the points (x[i], y[i]); every value must be positive. */
    public static PowerLaw fit(double[] x, double[] y) {
        return fit(x, y, 0);
    }

    /** Fits through the points from index {@code from} on, leaving out the small sizes before. */
    public static PowerLaw fit(double[] x, double[] y, int from) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("a fit needs as many x as y values; got " + x.length
                    + " x and " + y.length + " y values");
        }
        if (from < 0 || x.length - from < 2) {
            throw new IllegalArgumentException("a fit needs at least 2 points; from index " + from
                    + " there are " + Math.max(0, x.length - from));
        }
        int n = x.length - from;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = from; i < x.length; i++) {
            if (!(x[i] > 0 && y[i] > 0) || Double.isInfinite(x[i]) || Double.isInfinite(y[i])) {
                throw new IllegalArgumentException("a power law fits positive values only; point "
                        + i + " is (" + x[i] + ", " + y[i] + ")");
            }
            double lx = Math.log(x[i]);
            double ly = Math.log(y[i]);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
        }
        double spread = n * sxx - sx * sx;
        if (spread <= 1e-12 * n * sxx) {
            throw new IllegalArgumentException("a fit needs at least two different x values");
        }
        double k = (n * sxy - sx * sy) / spread;
        double logC = (sy - k * sx) / n;
        return new PowerLaw(Math.exp(logC), k);
    }

    /** c · x^k. */
    public double at(double x) {
        return factor * Math.pow(x, exponent);
    }

    /** "3.2e-09 · x^1.98". */
    @Override
    public String toString() {
        return TextTable.format(factor) + " · x^" + String.format(java.util.Locale.ROOT, "%.2f", exponent);
    }
}

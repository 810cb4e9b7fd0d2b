package backprop;

/**
 * ∂C/∂w^l_jk as the product of three numbers, as lectures 04 and 05 compute it by hand:
 *
 * @param valueIn         a^(l−1)_k, the value of the neuron feeding the weight
 * @param slopeAtNode     ∂C/∂a^l_j, the slope of the cost with respect to the neuron it feeds
 * @param activationSlope f'(z^l_j), the slope of that neuron's activation
 */
public record ThreeFactors(double valueIn, double slopeAtNode, double activationSlope) {

    /** valueIn × slopeAtNode × activationSlope = ∂C/∂w^l_jk. */
    public double product() {
        return valueIn * slopeAtNode * activationSlope;
    }

    /** The product written out: "0.5 × -0.2 × 0.25 = -0.025". */
    @Override
    public String toString() {
        return TextTable.format(valueIn) + " × " + TextTable.format(slopeAtNode) + " × "
                + TextTable.format(activationSlope) + " = " + TextTable.format(product());
    }
}

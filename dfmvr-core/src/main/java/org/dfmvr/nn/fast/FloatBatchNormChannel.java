package org.dfmvr.nn.fast;

/**
 * The float32 path of {@link BatchNormKernel}: one channel at a time. The channel's N planes are copied once from
 * the off-heap buffer into a per-thread {@code float[N H W]} (128 KB for [8,64,64,64], so it stays in L2) and every
 * further pass (statistics, normalise + ReLU; or statistics, mask + reductions, input gradient) runs on that copy;
 * the result goes back to the output buffer in one bulk copy. So each array is read or written in memory once per
 * call, instead of once per pass as with plane-at-a-time double conversion (forward and backward each 1.7-1.9x
 * faster than that, bench/results-fastcpu.md section 4b).
 *
 * <p>Precision: element-wise arithmetic is float (as the array's own precision); every sum is accumulated in double.
 * Values enter as x - p, p being the channel's first value (an exact float): the statistics are shifted sums (no
 * cancellation for a large mean, as in the double path), and the affine maps are written as a (x - p) + b with
 * b = beta - (mean - p) a computed in double, so a large mean does not cost float digits either (a x + (beta - mean
 * a) in float would lose |mean / std| ulps to cancellation).
 */
final class FloatBatchNormChannel {
    /** 2^75; twice applied it lifts any positive float, however small (2^-149), to at least 1. */
    private static final float TWO_75 = 0x1p75f;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private FloatBatchNormChannel() {
    }

    /** Mean and biased variance of one channel, with the pivot p its sums were shifted by. */
    record Stats(float pivot, double shiftedMean, double variance) {
        double mean() {
            return pivot + shiftedMean;
        }
    }

    /**
     * Training forward of channel c: statistics of {@code in}'s channel, then y = gamma (x - mean) / sqrt(var + eps)
     * + beta (max(y, 0) with {@code relu}) into {@code out}'s channel.
     */
    static void forwardTraining(NchwPlanes in, NchwPlanes out, int c, double gamma, double beta, double eps,
            boolean relu) {
        float[] xs = SCRATCH.get().fit(in.channelSize()).x;
        int count = in.channelSize();
        in.readChannel(c, xs);
        Stats st = moments(xs, count);
        Affine f = Affine.of(gamma / Math.sqrt(st.variance() + eps), st.pivot(), st.shiftedMean(), beta);
        normalise(xs, count, f, relu);
        out.writeChannel(c, xs);
    }

    /** Inference forward of channel c with the given mean and variance. */
    static void forwardInference(NchwPlanes in, NchwPlanes out, int c, double mean, double variance, double gamma,
            double beta, double eps, boolean relu) {
        float[] xs = SCRATCH.get().fit(in.channelSize()).x;
        int count = in.channelSize();
        in.readChannel(c, xs);
        float pivot = (float) mean;
        Affine f = Affine.of(gamma / Math.sqrt(variance + eps), pivot, mean - pivot, beta);
        normalise(xs, count, f, relu);
        out.writeChannel(c, xs);
    }

    /**
     * Training backward of channel c (see {@link BatchNormKernel}): the input gradient into {@code dx}'s channel;
     * returns {mean, variance, dgamma, dbeta} of the channel.
     */
    static double[] backward(NchwPlanes in, NchwPlanes gradOut, NchwPlanes dx, int c, double gamma, double beta,
            double eps, boolean relu) {
        Scratch s = SCRATCH.get().fit(in.channelSize());
        float[] xs = s.x;
        float[] gs = s.dy;
        int count = in.channelSize();
        in.readChannel(c, xs);
        gradOut.readChannel(c, gs);
        Stats st = moments(xs, count);
        double invStd = 1.0 / Math.sqrt(st.variance() + eps);
        double scale = gamma / Math.sqrt(st.variance() + eps); // exactly as the forward, for the same ReLU mask
        if (relu) {
            mask(xs, gs, count, Affine.of(scale, st.pivot(), st.shiftedMean(), beta));
        }
        double[] sums = gradientSums(xs, gs, count, st.pivot());
        double sumG = sums[0];
        double sumGCentred = sums[1] - st.shiftedMean() * sumG; // sum g (x - mean) from sum g (x - p)
        double sumGxHat = invStd * sumGCentred;
        // dx = gamma s (g - sumG / M - x^ sumGxHat / M) = scale g + a (x - p) + k
        double a = -scale * invStd * sumGxHat / count;
        double k = -scale * sumG / count - a * st.shiftedMean();
        inputGradient(xs, gs, count, (float) scale, (float) a, st.pivot(), (float) k);
        dx.writeChannel(c, xs);
        return new double[] {st.mean(), st.variance(), sumGxHat, sumG};
    }

    /**
     * Shifted sums of xs[0 .. count) in double, four independent accumulator pairs so that the additions pipeline
     * (one chain would wait out each add's latency).
     */
    private static Stats moments(float[] xs, int count) {
        float pivot = count > 0 ? xs[0] : 0f;
        double p = pivot;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            double d0 = xs[i] - p;
            double d1 = xs[i + 1] - p;
            double d2 = xs[i + 2] - p;
            double d3 = xs[i + 3] - p;
            s0 += d0;
            s1 += d1;
            s2 += d2;
            s3 += d3;
            q0 += d0 * d0;
            q1 += d1 * d1;
            q2 += d2 * d2;
            q3 += d3 * d3;
        }
        for (; i < count; i++) {
            double d = xs[i] - p;
            s0 += d;
            q0 += d * d;
        }
        double shiftedMean = (s0 + s1 + s2 + s3) / count;
        double variance = Math.max((q0 + q1 + q2 + q3) / count - shiftedMean * shiftedMean, 0.0);
        return new Stats(pivot, shiftedMean, variance);
    }

    /** {sum g, sum g (x - p)} over the channel, in double (four accumulator pairs, as {@link #moments}). */
    private static double[] gradientSums(float[] xs, float[] gs, int count, float pivot) {
        double p = pivot;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            double g0 = gs[i];
            double g1 = gs[i + 1];
            double g2 = gs[i + 2];
            double g3 = gs[i + 3];
            s0 += g0;
            s1 += g1;
            s2 += g2;
            s3 += g3;
            t0 += g0 * (xs[i] - p);
            t1 += g1 * (xs[i + 1] - p);
            t2 += g2 * (xs[i + 2] - p);
            t3 += g3 * (xs[i + 3] - p);
        }
        for (; i < count; i++) {
            s0 += gs[i];
            t0 += gs[i] * (xs[i] - p);
        }
        return new double[] {s0 + s1 + s2 + s3, t0 + t1 + t2 + t3};
    }

    /** xs := f(xs), then max(., 0) with {@code relu}; simple float loops the JIT vectorises. */
    private static void normalise(float[] xs, int count, Affine f, boolean relu) {
        float a = f.scale();
        float p = f.pivot();
        float b = f.shift();
        if (relu) {
            for (int i = 0; i < count; i++) {
                xs[i] = Math.max(a * (xs[i] - p) + b, 0f);
            }
        } else {
            for (int i = 0; i < count; i++) {
                xs[i] = a * (xs[i] - p) + b;
            }
        }
    }

    /**
     * gs := gs where f(xs) > 0 (the forward's ReLU mask: the same float expression), else 0. The mask is
     * min(max(y 2^75 2^75, 0), 1): exactly 1 for every y > 0 and 0 for y <= 0, without a branch (with
     * "y > 0 ? g : 0" the JIT emits a jump that mispredicts on half of the values; docs/fast-cpu.md).
     */
    private static void mask(float[] xs, float[] gs, int count, Affine f) {
        float a = f.scale();
        float p = f.pivot();
        float b = f.shift();
        for (int i = 0; i < count; i++) {
            gs[i] *= Math.min(Math.max((a * (xs[i] - p) + b) * TWO_75 * TWO_75, 0f), 1f);
        }
    }

    /** xs := scale gs + a (xs - p) + k. */
    private static void inputGradient(float[] xs, float[] gs, int count, float scale, float a, float p, float k) {
        for (int i = 0; i < count; i++) {
            xs[i] = scale * gs[i] + a * (xs[i] - p) + k;
        }
    }

    /** y = scale (x - pivot) + shift in float, the constants rounded once from double. */
    private record Affine(float scale, float pivot, float shift) {
        /** For y = scale (x - mean) + beta with mean = pivot + shiftedMean. */
        static Affine of(double scale, float pivot, double shiftedMean, double beta) {
            return new Affine((float) scale, pivot, (float) (beta - shiftedMean * scale));
        }
    }

    /** One thread's channel buffers, grown to the largest channel seen (N H W floats each). */
    private static final class Scratch {
        float[] x = new float[0];
        float[] dy = new float[0];

        Scratch fit(int channelSize) {
            if (x.length < channelSize) {
                x = new float[channelSize];
                dy = new float[channelSize];
            }
            return this;
        }
    }
}

package org.dfmvr.nn.fast;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Batch normalisation over the channels of NCHW arrays, optionally fused with the ReLU that follows it, in plain
 * Java loops, in parallel over channels (the ForkJoin pool of the calling thread: the common pool, i.e. the cores).
 *
 * <p>Why not libnd4j: its {@code moments} + {@code batchnorm} + {@code batchnorm_bp} (+ {@code relu}/{@code relu_bp})
 * read and write the whole tensor in 6-7 separate passes, and oneDNN's backward for plain NCHW is slow
 * (bench/results-fastcpu.md). Two paths:
 * <ul>
 * <li>float32 arrays (training and inference in practice): {@link FloatBatchNormChannel} copies each channel's N
 * planes once into a per-thread float buffer (128 KB for [8,64,64,64], cache-resident) and makes every pass there,
 * so each array is read or written in memory once per call; element-wise float, sums in double.</li>
 * <li>double arrays (the gradient checks) and mixed float/double: one H x W plane at a time as {@code double[]},
 * all arithmetic in double; the forward reads the input twice (statistics, then normalise + ReLU) and writes the
 * output once, the backward recomputes the statistics and makes two passes over input and output gradient.</li>
 * </ul>
 * Both shift the statistics' sums by the channel's first value, so the variance does not lose precision to a large
 * mean.
 *
 * <p>Per channel with M = N H W, batch mean m and biased variance v, s = 1 / sqrt(v + eps), x^ = (x - m) s:
 * y = max(gamma x^ + beta, 0) (without ReLU: no max). Backward with g = dy where y > 0 (all dy without ReLU):
 * dbeta = sum g, dgamma = sum g x^, dx = gamma s / M (M g - dbeta - x^ dgamma) (Ioffe and Szegedy 2015,
 * arXiv:1502.03167, section 3).
 *
 * <p>Public only so that the benchmarks can time the kernel on preallocated arrays; layers are the API.
 */
public final class BatchNormKernel {
    /** 2^537; twice applied it lifts any positive double, however small, to at least 1. */
    private static final double TWO_537 = Math.scalb(1.0, 537);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private BatchNormKernel() {
    }

    /** Per-channel statistics of one batch: mean and biased variance, [C] each. */
    public record Moments(double[] mean, double[] variance) {
    }

    /**
     * Training forward: normalises {@code x} with its own batch statistics into {@code out} (same shape).
     *
     * @param gamma [C]
     * @param beta  [C]
     */
    public static void forwardTraining(INDArray x, INDArray gamma, INDArray beta, double eps, boolean relu,
            INDArray out) {
        NchwPlanes in = NchwPlanes.of("batch-norm input", x);
        NchwPlanes y = output("batch-norm output", out, in);
        double[] g = vector("gamma", gamma, in.channels());
        double[] b = vector("beta", beta, in.channels());
        if (in.isFloat() && y.isFloat()) {
            parallelOverChannels(in.channels(),
                    c -> FloatBatchNormChannel.forwardTraining(in, y, c, g[c], b[c], eps, relu));
            return;
        }
        parallelOverChannels(in.channels(), c -> {
            Scratch s = SCRATCH.get().fit(in.planeSize());
            double[] mv = channelMoments(in, c, s);
            double scale = g[c] / Math.sqrt(mv[1] + eps);
            affine(in, y, c, scale, b[c] - mv[0] * scale, relu, s);
        });
    }

    /** Inference forward: normalises {@code x} with the given (running) mean and variance, [C] each. */
    static void forwardInference(INDArray x, INDArray mean, INDArray variance, INDArray gamma, INDArray beta,
            double eps, boolean relu, INDArray out) {
        NchwPlanes in = NchwPlanes.of("batch-norm input", x);
        NchwPlanes y = output("batch-norm output", out, in);
        int channels = in.channels();
        double[] m = vector("mean", mean, channels);
        double[] v = vector("variance", variance, channels);
        double[] g = vector("gamma", gamma, channels);
        double[] b = vector("beta", beta, channels);
        if (in.isFloat() && y.isFloat()) {
            parallelOverChannels(channels,
                    c -> FloatBatchNormChannel.forwardInference(in, y, c, m[c], v[c], g[c], b[c], eps, relu));
            return;
        }
        parallelOverChannels(channels, c -> {
            double scale = g[c] / Math.sqrt(v[c] + eps);
            affine(in, y, c, scale, b[c] - m[c] * scale, relu, SCRATCH.get().fit(in.planeSize()));
        });
    }

    /**
     * Training backward: the input, gamma and beta gradients given the output gradient {@code dy}, with the batch
     * statistics recomputed from {@code x} (DL4J layers keep no state between the passes); returns those statistics
     * for the running-average update.
     */
    public static Moments backward(INDArray x, INDArray gamma, INDArray beta, INDArray dy, double eps, boolean relu,
            INDArray gradInput, INDArray gradGamma, INDArray gradBeta) {
        NchwPlanes in = NchwPlanes.of("batch-norm input", x);
        NchwPlanes gradOut = NchwPlanes.of("batch-norm output gradient", dy);
        if (!gradOut.sameShape(in)) {
            throw new IllegalArgumentException("batch-norm output gradient: expected the input's shape, got "
                    + Arrays.toString(dy.shape()) + " for input " + Arrays.toString(x.shape()));
        }
        NchwPlanes dx = output("batch-norm input gradient", gradInput, in);
        int channels = in.channels();
        double[] g = vector("gamma", gamma, channels);
        double[] b = vector("beta", beta, channels);
        double[] mean = new double[channels];
        double[] variance = new double[channels];
        double[] dGamma = new double[channels];
        double[] dBeta = new double[channels];
        if (in.isFloat() && gradOut.isFloat() && dx.isFloat()) {
            parallelOverChannels(channels, c -> {
                double[] r = FloatBatchNormChannel.backward(in, gradOut, dx, c, g[c], b[c], eps, relu);
                mean[c] = r[0];
                variance[c] = r[1];
                dGamma[c] = r[2];
                dBeta[c] = r[3];
            });
        } else {
            parallelOverChannels(channels, c -> backwardDouble(in, gradOut, dx, c, g[c], b[c], eps, relu, mean,
                    variance, dGamma, dBeta));
        }
        gradGamma.assign(Nd4j.createFromArray(dGamma).castTo(gradGamma.dataType())
                .reshape(gradGamma.shape()));
        gradBeta.assign(Nd4j.createFromArray(dBeta).castTo(gradBeta.dataType())
                .reshape(gradBeta.shape()));
        return new Moments(mean, variance);
    }

    /** Channel c of {@link #backward} through double planes (double arrays, or mixed float and double). */
    private static void backwardDouble(NchwPlanes in, NchwPlanes gradOut, NchwPlanes dx, int c, double gamma,
            double beta, double eps, boolean relu, double[] mean, double[] variance, double[] dGamma,
            double[] dBeta) {
        Scratch s = SCRATCH.get().fit(in.planeSize());
        double[] mv = channelMoments(in, c, s);
        mean[c] = mv[0];
        variance[c] = mv[1];
        double invStd = 1.0 / Math.sqrt(mv[1] + eps);
        double scale = gamma / Math.sqrt(mv[1] + eps); // exactly as the forward, for the same ReLU mask
        double shift = beta - mv[0] * scale;
        int size = in.planeSize();
        double sumG = 0;
        double sumGCentred = 0;
        for (int n = 0; n < in.batch(); n++) {
            readMasked(in, gradOut, n, c, s, scale, shift, relu);
            double[] xs = s.x;
            double[] gs = s.dy;
            double m = mv[0];
            for (int i = 0; i < size; i++) {
                sumG += gs[i];
                sumGCentred += gs[i] * (xs[i] - m);
            }
        }
        double sumGxHat = invStd * sumGCentred;
        dGamma[c] = sumGxHat;
        dBeta[c] = sumG;
        double count = (double) in.batch() * size;
        // dx = gamma s (g - sumG / M - x^ sumGxHat / M) = scale g + a x + k
        double a = -scale * invStd * sumGxHat / count;
        double k = -scale * sumG / count - a * mv[0];
        for (int n = 0; n < in.batch(); n++) {
            readMasked(in, gradOut, n, c, s, scale, shift, relu);
            double[] xs = s.x;
            double[] gs = s.dy;
            for (int i = 0; i < size; i++) {
                xs[i] = scale * gs[i] + a * xs[i] + k;
            }
            dx.write(n, c, xs, s.floats);
        }
    }

    /** s.x := plane (n, c) of the input, s.dy := the same plane of the output gradient, masked by the ReLU. */
    private static void readMasked(NchwPlanes in, NchwPlanes gradOut, int n, int c, Scratch s, double scale,
            double shift, boolean relu) {
        in.read(n, c, s.x, s.floats);
        gradOut.read(n, c, s.dy, s.floats);
        maskedGradient(s, in.planeSize(), scale, shift, relu);
    }

    /**
     * s.dy := s.dy where scale x + shift > 0 (the forward's ReLU mask), else 0; unchanged without ReLU. The mask is
     * min(max(y 2^537 2^537, 0), 1): exactly 1 for every y > 0 (the smallest subnormal times 2^1074 is 1) and 0 for
     * y <= 0, without a branch: with "y > 0 ? g : 0" the JIT emits a jump that mispredicts on half of the values
     * (measured 3-4x slower on this pass).
     */
    private static void maskedGradient(Scratch s, int size, double scale, double shift, boolean relu) {
        if (!relu) {
            return;
        }
        double[] xs = s.x;
        double[] gs = s.dy;
        for (int i = 0; i < size; i++) {
            gs[i] *= Math.min(Math.max((scale * xs[i] + shift) * TWO_537 * TWO_537, 0.0), 1.0);
        }
    }

    /** {mean, biased variance} of channel c over N, H, W. */
    private static double[] channelMoments(NchwPlanes in, int c, Scratch s) {
        int size = in.planeSize();
        double sum = 0;
        double sumSq = 0;
        double pivot = 0;
        for (int n = 0; n < in.batch(); n++) {
            in.read(n, c, s.x, s.floats);
            double[] xs = s.x;
            if (n == 0) {
                pivot = xs[0];
            }
            for (int i = 0; i < size; i++) {
                double d = xs[i] - pivot;
                sum += d;
                sumSq += d * d;
            }
        }
        double count = (double) in.batch() * size;
        double shiftedMean = sum / count;
        return new double[] {pivot + shiftedMean, Math.max(sumSq / count - shiftedMean * shiftedMean, 0.0)};
    }

    /** out(n, c) = scale x(n, c) + shift for every n, then max(., 0) when {@code relu}. */
    private static void affine(NchwPlanes in, NchwPlanes out, int c, double scale, double shift, boolean relu,
            Scratch s) {
        int size = in.planeSize();
        for (int n = 0; n < in.batch(); n++) {
            in.read(n, c, s.x, s.floats);
            double[] xs = s.x;
            if (relu) {
                for (int i = 0; i < size; i++) {
                    xs[i] = Math.max(scale * xs[i] + shift, 0.0);
                }
            } else {
                for (int i = 0; i < size; i++) {
                    xs[i] = scale * xs[i] + shift;
                }
            }
            out.write(n, c, xs, s.floats);
        }
    }

    private static void parallelOverChannels(int channels, IntConsumer perChannel) {
        IntStream.range(0, channels).parallel().forEach(perChannel);
    }

    private static NchwPlanes output(String what, INDArray out, NchwPlanes like) {
        NchwPlanes planes = NchwPlanes.writable(what, out);
        if (!planes.sameShape(like)) {
            throw new IllegalArgumentException(what + ": expected the input's shape, got "
                    + Arrays.toString(out.shape()));
        }
        return planes;
    }

    private static double[] vector(String what, INDArray v, int channels) {
        if (v.length() != channels) {
            throw new IllegalArgumentException("batch-norm " + what + ": expected " + channels + " values, got "
                    + Arrays.toString(v.shape()));
        }
        return v.castTo(DataType.DOUBLE).reshape(channels).toDoubleVector();
    }

    /** One thread's plane buffers, grown to the largest plane seen. */
    private static final class Scratch {
        double[] x = new double[0];
        double[] dy = new double[0];
        float[] floats = new float[0];

        Scratch fit(int planeSize) {
            if (x.length < planeSize) {
                x = new double[planeSize];
                dy = new double[planeSize];
                floats = new float[planeSize];
            }
            return this;
        }
    }
}

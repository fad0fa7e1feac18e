package org.dfmvr.landmarks;

import org.dfmvr.render.FloatImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * face-api's 68-point landmark network ({@code FaceLandmark68Net} of {@code @vladmandic/face-api}, MIT), ported to
 * plain Java so that it runs in any JVM without a network, a native library or ND4J.
 *
 * <p>What it computes, as the original does (package sources {@code faceFeatureExtractor/FaceFeatureExtractor.ts},
 * {@code denseBlock.ts}, {@code faceLandmarkNet/FaceLandmark68NetBase.ts}, {@code dom/NetInput.ts},
 * {@code ops/padToSquare.ts}):
 * <ol>
 *   <li>input: the crop's RGB values in 0..255; a non-square crop is padded with zeros (black) to a square, the
 *       padding split between both sides ({@code round(diff/2)} after, the rest before); a square other than 112
 *       is resized to 112x112 bilinearly with {@code alignCorners = halfPixelCenters = false} (tfjs
 *       {@code resizeBilinear}: source = destination * in/out, no anti-aliasing);</li>
 *   <li>normalisation: {@code (v - mean) / 255} with mean RGB (122.782, 117.001, 104.298);</li>
 *   <li>four dense blocks of four convolutions (32, 64, 128, 256 channels), each starting with stride 2 ('same'
 *       padding as TensorFlow: the extra row/column goes at the bottom/right): block 0 starts with a plain 3x3
 *       convolution, everything else is a depthwise-separable 3x3 convolution (depthwise, pointwise, bias). Inside
 *       a block {@code out1 = relu(c0(x))}, {@code out2 = c1(out1)}, {@code out3 = c2(relu(out1 + out2))},
 *       {@code out4 = c3(relu(out1 + out2 + out3))}, block output {@code relu(out1 + out2 + out3 + out4)};</li>
 *   <li>7x7 average pool (the 7x7x256 map to 256 values) and a fully connected layer to 136 outputs: x, y of each
 *       point relative to the padded square (0..1);</li>
 *   <li>back to the crop: {@code (o * 112 - pad) / scaledSide * side}, where {@code pad} is half the padding in the
 *       112 frame and {@code scaledSide} the crop side in that frame.</li>
 * </ol>
 * Arithmetic is float32 per stored tensor with double accumulation inside each dot product, as tfjs's CPU
 * backend does. {@code Landmark68ReferenceAgreementTest} holds the port to the original's outputs.
 *
 * <p>Thread-safe: the weights are read-only and each call allocates its own activations (a few MB).
 */
public final class Landmark68Net {
    /** The side of the square the network sees, pixels. */
    public static final int INPUT_SIZE = 112;
    /** The classpath folder the application jar carries the shipped weights in (copied from models/ by the pom). */
    public static final String RESOURCE_FOLDER = "dfmvr/models/face-landmark-68/";
    /** The weight manifest's file name. */
    public static final String MANIFEST = "face_landmark_68_model-weights_manifest.json";
    private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
    private static final int[] CHANNELS = {32, 64, 128, 256};

    private final ConvLayer[][] blocks = new ConvLayer[4][4];
    private final float[] fcWeights;
    private final float[] fcBias;

    /** One convolution: a full 3x3 conv ({@code depthwise == null}) or a depthwise-separable one. */
    private record ConvLayer(float[] filters, float[] depthwise, float[] pointwise, float[] bias, int in, int out) {
    }

    public Landmark68Net(Landmark68Weights weights) {
        int in = 3;
        for (int b = 0; b < 4; b++) {
            int out = CHANNELS[b];
            for (int c = 0; c < 4; c++) {
                String prefix = "dense" + b + "/conv" + c + "/";
                int cin = c == 0 ? in : out;
                float[] bias = weights.require(prefix + "bias", out).values();
                if (b == 0 && c == 0) {
                    blocks[b][c] = new ConvLayer(weights.require(prefix + "filters", 3, 3, cin, out).values(), null,
                            null, bias, cin, out);
                } else {
                    blocks[b][c] = new ConvLayer(null,
                            weights.require(prefix + "depthwise_filter", 3, 3, cin, 1).values(),
                            weights.require(prefix + "pointwise_filter", 1, 1, cin, out).values(), bias, cin, out);
                }
            }
            in = out;
        }
        fcWeights = weights.require("fc/weights", 256, 136).values();
        fcBias = weights.require("fc/bias", 136).values();
    }

    /**
     * The shipped weights, from the classpath (the jar carries them under {@link #RESOURCE_FOLDER}).
     *
     * @throws IOException the resources are missing (a jar built without the models/ folder) or damaged
     */
    public static Landmark68Net loadDefault() throws IOException {
        ClassLoader loader = Landmark68Net.class.getClassLoader();
        return new Landmark68Net(Landmark68Weights.read(name -> {
            InputStream in = loader.getResourceAsStream(RESOURCE_FOLDER + name);
            if (in == null) {
                throw new NoSuchFileException("classpath:" + RESOURCE_FOLDER + name
                        + " (the landmark weights ship in models/face-landmark-68 and are copied into dfmvr-core's jar)");
            }
            return in;
        }, MANIFEST));
    }

    /** Weights from a folder holding {@link #MANIFEST} and its shard(s), e.g. the repository's models/face-landmark-68. */
    public static Landmark68Net load(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder + " (expected a folder holding " + MANIFEST + ")");
        }
        return new Landmark68Net(Landmark68Weights.read(name -> Files.newInputStream(folder.resolve(name)), MANIFEST));
    }

    /** The points of a face crop and what of them may be trusted (see {@link LandmarkPlausibility}). */
    public Landmarks68 detect(BufferedImage crop, LandmarkPlausibility plausibility) {
        return plausibility.check(predict(crop), crop.getWidth(), crop.getHeight());
    }

    /** As {@link #detect(BufferedImage, LandmarkPlausibility)} for a float RGB crop in [0,1]. */
    public Landmarks68 detect(FloatImage crop, LandmarkPlausibility plausibility) {
        return plausibility.check(predict(crop), crop.width(), crop.height());
    }

    /** Points of an RGB image (any size; the points are in its pixel frame). */
    public float[] predict(BufferedImage crop) {
        int w = crop.getWidth();
        int h = crop.getHeight();
        float[] rgb = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = crop.getRGB(x, y);
                int i = 3 * (y * w + x);
                rgb[i] = (p >> 16) & 0xff;
                rgb[i + 1] = (p >> 8) & 0xff;
                rgb[i + 2] = p & 0xff;
            }
        }
        return predict(rgb, w, h);
    }

    /** Points of a float RGB image with values in [0,1] (the project's {@link FloatImage} convention). */
    public float[] predict(FloatImage crop) {
        if (crop.channels() != 3) {
            throw new IllegalArgumentException("landmark crop must have 3 channels (RGB), got " + crop.channels());
        }
        float[] rgb = new float[crop.data().length];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = crop.data()[i] * 255f;
        }
        return predict(rgb, crop.width(), crop.height());
    }

    /**
     * The 68 points of a face crop.
     *
     * @param rgb    [H,W,3] row-major, row 0 at the top, values 0..255
     * @param width  W, pixels, &gt;= 1
     * @param height H, pixels, &gt;= 1
     * @return [68,2] x, y in the crop's pixel frame (origin at the top-left corner of pixel (0,0), x to the right),
     *         points in the iBUG/Multi-PIE 68 order (0-16 jaw, 17-26 brows, 27-35 nose, 36-47 eyes, 48-67 mouth)
     */
    public float[] predict(float[] rgb, int width, int height) {
        float[] relative = relativeOutputs(networkInput(rgb, width, height));
        return toCropFrame(relative, width, height);
    }

    /**
     * The 112x112x3 network input before normalisation: the crop padded to a square and resized as face-api does.
     *
     * @return [112,112,3] values 0..255
     */
    static float[] networkInput(float[] rgb, int width, int height) {
        if (width < 1 || height < 1 || rgb == null || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("landmark crop must be [H,W,3] with H, W >= 1, got " + height + "x"
                    + width + " and " + (rgb == null ? "null" : rgb.length) + " values");
        }
        int side = Math.max(width, height);
        int diff = Math.abs(width - height);
        int after = (int) Math.round(diff * 0.5);
        int before = diff - after;
        int offX = width < height ? before : 0;
        int offY = height < width ? before : 0;
        float[] square = new float[side * side * 3];
        for (int y = 0; y < height; y++) {
            System.arraycopy(rgb, 3 * y * width, square, 3 * ((y + offY) * side + offX), 3 * width);
        }
        if (side == INPUT_SIZE) {
            return square;
        }
        float[] out = new float[INPUT_SIZE * INPUT_SIZE * 3];
        double ratio = (double) side / INPUT_SIZE;
        for (int r = 0; r < INPUT_SIZE; r++) {
            double fr = ratio * r;
            int r0 = Math.max(0, (int) Math.floor(fr));
            double rowFrac = fr - r0;
            int r1 = Math.min(side - 1, (int) Math.ceil(fr));
            for (int c = 0; c < INPUT_SIZE; c++) {
                double fc = ratio * c;
                int c0 = Math.max(0, (int) Math.floor(fc));
                double colFrac = fc - c0;
                int c1 = Math.min(side - 1, (int) Math.ceil(fc));
                for (int d = 0; d < 3; d++) {
                    double tl = square[3 * (r0 * side + c0) + d];
                    double tr = square[3 * (r0 * side + c1) + d];
                    double bl = square[3 * (r1 * side + c0) + d];
                    double br = square[3 * (r1 * side + c1) + d];
                    double top = tl + (tr - tl) * colFrac;
                    double bottom = bl + (br - bl) * colFrac;
                    out[3 * (r * INPUT_SIZE + c) + d] = (float) (top + (bottom - top) * rowFrac);
                }
            }
        }
        return out;
    }

    /**
     * The raw network outputs for a 112x112 input.
     *
     * @param input112 [112,112,3] values 0..255 (see {@link #networkInput})
     * @return [136] x0, y0, x1, y1, ... relative to the padded square, nominally 0..1
     */
    float[] relativeOutputs(float[] input112) {
        int n = INPUT_SIZE * INPUT_SIZE;
        float[] x = new float[n * 3];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                x[3 * p + c] = (input112[3 * p + c] - MEAN_RGB[c]) / 255f;
            }
        }
        int size = INPUT_SIZE;
        for (ConvLayer[] block : blocks) {
            int outSize = (size + 1) / 2;
            float[] out1 = relu(block[0].depthwise() == null ? conv3x3(x, size, block[0], 2)
                    : separable(x, size, block[0], 2));
            float[] out2 = separable(out1, outSize, block[1], 1);
            float[] out3 = separable(reluSum(out1, out2), outSize, block[2], 1);
            float[] in4 = reluSum(out1, sum(out2, out3));
            float[] out4 = separable(in4, outSize, block[3], 1);
            x = reluSum(out1, sum(out2, sum(out3, out4)));
            size = outSize;
        }
        // 7x7 average pool, 'valid', on the 7x7 map: the mean of each channel
        int channels = CHANNELS[3];
        float[] pooled = new float[channels];
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int p = 0; p < size * size; p++) {
                s += x[p * channels + c];
            }
            pooled[c] = (float) (s / (size * size));
        }
        float[] out = new float[136];
        for (int o = 0; o < 136; o++) {
            double s = 0;
            for (int i = 0; i < channels; i++) {
                s += (double) pooled[i] * fcWeights[i * 136 + o];
            }
            out[o] = (float) s + fcBias[o];
        }
        return out;
    }

    /** face-api's postProcess: relative outputs of the padded square to pixels of the original crop. */
    static float[] toCropFrame(float[] relative, int width, int height) {
        double scale = (double) INPUT_SIZE / Math.max(width, height);
        float scaledW = (float) (width * scale);
        float scaledH = (float) (height * scale);
        float padX = scaledW < scaledH ? (float) (Math.abs(width * scale - height * scale) / 2) : 0f;
        float padY = scaledH < scaledW ? (float) (Math.abs(width * scale - height * scale) / 2) : 0f;
        float[] out = new float[relative.length];
        for (int k = 0; k < relative.length / 2; k++) {
            float rx = (relative[2 * k] * INPUT_SIZE - padX) / scaledW;
            float ry = (relative[2 * k + 1] * INPUT_SIZE - padY) / scaledH;
            out[2 * k] = (float) ((double) rx * width);
            out[2 * k + 1] = (float) ((double) ry * height);
        }
        return out;
    }

    /** 3x3 convolution, TensorFlow 'same' padding, plus bias. {@code x} is [size,size,in]. */
    private static float[] conv3x3(float[] x, int size, ConvLayer layer, int stride) {
        int outSize = (size + stride - 1) / stride;
        int padTop = Math.max(0, (outSize - 1) * stride + 3 - size) / 2;
        int in = layer.in();
        int outC = layer.out();
        float[] w = layer.filters();
        float[] out = new float[outSize * outSize * outC];
        double[] acc = new double[outC];
        for (int oy = 0; oy < outSize; oy++) {
            for (int ox = 0; ox < outSize; ox++) {
                java.util.Arrays.fill(acc, 0);
                for (int ky = 0; ky < 3; ky++) {
                    int iy = oy * stride + ky - padTop;
                    if (iy < 0 || iy >= size) {
                        continue;
                    }
                    for (int kx = 0; kx < 3; kx++) {
                        int ix = ox * stride + kx - padTop;
                        if (ix < 0 || ix >= size) {
                            continue;
                        }
                        int xBase = (iy * size + ix) * in;
                        int wBase = (ky * 3 + kx) * in * outC;
                        for (int ci = 0; ci < in; ci++) {
                            double v = x[xBase + ci];
                            int wRow = wBase + ci * outC;
                            for (int co = 0; co < outC; co++) {
                                acc[co] += v * w[wRow + co];
                            }
                        }
                    }
                }
                int o = (oy * outSize + ox) * outC;
                for (int co = 0; co < outC; co++) {
                    out[o + co] = (float) acc[co] + layer.bias()[co];
                }
            }
        }
        return out;
    }

    /** Depthwise 3x3 ('same', stride), then pointwise 1x1, then bias, as tfjs separableConv2d + add. */
    private static float[] separable(float[] x, int size, ConvLayer layer, int stride) {
        int outSize = (size + stride - 1) / stride;
        int pad = Math.max(0, (outSize - 1) * stride + 3 - size) / 2;
        int in = layer.in();
        int outC = layer.out();
        float[] dw = layer.depthwise();
        float[] depth = new float[outSize * outSize * in];
        double[] acc = new double[in];
        for (int oy = 0; oy < outSize; oy++) {
            for (int ox = 0; ox < outSize; ox++) {
                java.util.Arrays.fill(acc, 0);
                for (int ky = 0; ky < 3; ky++) {
                    int iy = oy * stride + ky - pad;
                    if (iy < 0 || iy >= size) {
                        continue;
                    }
                    for (int kx = 0; kx < 3; kx++) {
                        int ix = ox * stride + kx - pad;
                        if (ix < 0 || ix >= size) {
                            continue;
                        }
                        int xBase = (iy * size + ix) * in;
                        int wBase = (ky * 3 + kx) * in;
                        for (int c = 0; c < in; c++) {
                            acc[c] += (double) x[xBase + c] * dw[wBase + c];
                        }
                    }
                }
                int o = (oy * outSize + ox) * in;
                for (int c = 0; c < in; c++) {
                    depth[o + c] = (float) acc[c];
                }
            }
        }
        float[] pw = layer.pointwise();
        float[] out = new float[outSize * outSize * outC];
        double[] accOut = new double[outC];
        for (int p = 0; p < outSize * outSize; p++) {
            java.util.Arrays.fill(accOut, 0);
            int xBase = p * in;
            for (int ci = 0; ci < in; ci++) {
                double v = depth[xBase + ci];
                int wRow = ci * outC;
                for (int co = 0; co < outC; co++) {
                    accOut[co] += v * pw[wRow + co];
                }
            }
            int o = p * outC;
            for (int co = 0; co < outC; co++) {
                out[o + co] = (float) accOut[co] + layer.bias()[co];
            }
        }
        return out;
    }

    private static float[] relu(float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(0f, a[i]);
        }
        return a;
    }

    private static float[] sum(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static float[] reluSum(float[] a, float[] b) {
        return relu(sum(a, b));
    }
}

package org.dfmvr.detect;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * YuNet (Wu et al., "YuNet: A Tiny Millisecond-level Face Detector", 2023; ShiqiYu/libfacedetection.train ONNX export)
 * through ONNX Runtime.
 *
 * <p>Contract of the model, as OpenCV's {@code FaceDetectorYN} uses it: input {@code input} = [1,3,H,W] float BGR in
 * 0..255 (H, W multiples of 32; the {@code _640_640} export needs exactly 640x640); outputs per stride s in {8,16,32}:
 * {@code cls_s}, {@code obj_s} [1,N,1] (probabilities), {@code bbox_s} [1,N,4], {@code kps_s} [1,N,10], N = (H/s)(W/s)
 * grid cells in row-major order. Decoding, anchor-free: centre = (col + dx, row + dy) * s, size = exp(dw, dh) * s,
 * point k = (col + kx_k, row + ky_k) * s, score = sqrt(cls * obj); then non-maximum suppression. The photo is
 * letterboxed (scaled to fit, padded with black at right/bottom) and results mapped back to photo pixels.
 */
public final class YuNetDetector implements FaceDetector {
    /** The value of a detector-model setting that selects the shipped model ({@link #builtin}). */
    public static final String BUILTIN = "builtin:yunet";
    /** Class-path location of the shipped model. */
    public static final String BUILTIN_RESOURCE = "/dfmvr/models/yunet/yunet_s_640_640.onnx";
    /** Input side of the shipped (fixed-size) export. */
    public static final int BUILTIN_INPUT_SIZE = 640;
    private static final int[] STRIDES = {8, 16, 32};
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int inputSize;
    private final float scoreThreshold;
    private final float nmsIou;

    /**
     * @param model          the ONNX file ({@code yunet_s_640_640.onnx} or the dynamic export)
     * @param inputSize      network input side (640 for the fixed export; a multiple of 32)
     * @param scoreThreshold minimum score (OpenCV's default 0.9; lower finds more, with more false faces)
     * @param nmsIou         overlap above which the weaker of two boxes is dropped (OpenCV: 0.3)
     */
    public YuNetDetector(Path model, int inputSize, float scoreThreshold, float nmsIou) {
        this(model.toString(), checkedFile(model), inputSize, scoreThreshold, nmsIou);
    }

    /**
     * The YuNet model shipped inside the jar ({@value #BUILTIN_RESOURCE}, from the repository's {@code models/yunet},
     * Apache-2.0), so detection needs no download and no configuration.
     *
     * @param inputSize must be {@value #BUILTIN_INPUT_SIZE}: the shipped export has a fixed input
     */
    public static YuNetDetector builtin(int inputSize, float scoreThreshold, float nmsIou) {
        if (inputSize != BUILTIN_INPUT_SIZE) {
            throw new IllegalArgumentException("the built-in YuNet model (" + BUILTIN + ") is the fixed "
                    + BUILTIN_INPUT_SIZE + "x" + BUILTIN_INPUT_SIZE + " export; input size " + inputSize
                    + " needs a dynamic export given as a file");
        }
        byte[] bytes;
        try (InputStream in = YuNetDetector.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in YuNet model " + BUILTIN_RESOURCE + " is not on the class"
                        + " path: the jar was built without the repository's models/ folder");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in YuNet model " + BUILTIN_RESOURCE, e);
        }
        return new YuNetDetector("classpath:" + BUILTIN_RESOURCE, bytes, inputSize, scoreThreshold, nmsIou);
    }

    /** {@code model} is either a file path ({@link String}) or the ONNX bytes ({@code byte[]}). */
    private YuNetDetector(String name, Object model, int inputSize, float scoreThreshold, float nmsIou) {
        if (inputSize % 32 != 0 || inputSize <= 0) {
            throw new IllegalArgumentException("inputSize must be a positive multiple of 32, got " + inputSize);
        }
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1); // Spark runs one task per core already
            this.session = model instanceof byte[] bytes ? env.createSession(bytes, options)
                    : env.createSession((String) model, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot load YuNet model " + name + ": " + e.getMessage(), e);
        }
        this.inputSize = inputSize;
        this.scoreThreshold = scoreThreshold;
        this.nmsIou = nmsIou;
    }

    private static String checkedFile(Path model) {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("YuNet model not found: " + model);
        }
        return model.toString();
    }

    @Override
    public List<FaceDetection> detect(BufferedImage image) {
        double scale = Math.min(inputSize / (double) image.getWidth(), inputSize / (double) image.getHeight());
        float[] input = letterboxBgr(image, scale);
        List<FaceDetection> found = new ArrayList<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
                new long[] {1, 3, inputSize, inputSize});
             OrtSession.Result out = session.run(Map.of("input", tensor))) {
            for (int s : STRIDES) {
                float[] cls = flat(out, "cls_" + s), obj = flat(out, "obj_" + s);
                float[] box = flat(out, "bbox_" + s), kps = flat(out, "kps_" + s);
                int cols = inputSize / s;
                for (int i = 0; i < cls.length; i++) {
                    double score = Math.sqrt(clamp01(cls[i]) * clamp01(obj[i]));
                    if (score < scoreThreshold) {
                        continue;
                    }
                    int row = i / cols, col = i % cols;
                    double cx = (col + box[4 * i]) * s, cy = (row + box[4 * i + 1]) * s;
                    double w = Math.exp(box[4 * i + 2]) * s, h = Math.exp(box[4 * i + 3]) * s;
                    double[] p = new double[10];
                    for (int k = 0; k < 5; k++) {
                        p[2 * k] = (col + kps[10 * i + 2 * k]) * s / scale;
                        p[2 * k + 1] = (row + kps[10 * i + 2 * k + 1]) * s / scale;
                    }
                    found.add(new FaceDetection((cx - w / 2) / scale, (cy - h / 2) / scale, w / scale, h / scale,
                            score, p));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("YuNet inference failed: " + e.getMessage(), e);
        }
        return nonMaximumSuppression(found, nmsIou);
    }

    private static float[] flat(OrtSession.Result out, String name) throws OrtException {
        OnnxTensor t = (OnnxTensor) out.get(name).orElseThrow(
                () -> new IllegalStateException("model has no output '" + name + "': not a YuNet export"));
        FloatBuffer b = t.getFloatBuffer();
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    /** [3,S,S] planar BGR 0..255, the photo scaled by {@code scale} (bilinear) at the top-left, black elsewhere. */
    private float[] letterboxBgr(BufferedImage img, double scale) {
        int plane = inputSize * inputSize;
        float[] out = new float[3 * plane];
        int w = (int) Math.min(inputSize, Math.round(img.getWidth() * scale));
        int h = (int) Math.min(inputSize, Math.round(img.getHeight() * scale));
        for (int y = 0; y < h; y++) {
            double sy = Math.min(img.getHeight() - 1, Math.max(0, (y + 0.5) / scale - 0.5));
            int y0 = (int) sy, y1 = Math.min(img.getHeight() - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.min(img.getWidth() - 1, Math.max(0, (x + 0.5) / scale - 0.5));
                int x0 = (int) sx, x1 = Math.min(img.getWidth() - 1, x0 + 1);
                double fx = sx - x0;
                int a = img.getRGB(x0, y0), b = img.getRGB(x1, y0), c = img.getRGB(x0, y1), d = img.getRGB(x1, y1);
                for (int ch = 0; ch < 3; ch++) { // BGR planes: blue = bits 0..7 of ARGB
                    int shift = 8 * ch;
                    double top = ((a >> shift) & 0xff) * (1 - fx) + ((b >> shift) & 0xff) * fx;
                    double bottom = ((c >> shift) & 0xff) * (1 - fx) + ((d >> shift) & 0xff) * fx;
                    out[ch * plane + y * inputSize + x] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }

    static List<FaceDetection> nonMaximumSuppression(List<FaceDetection> faces, double iouThreshold) {
        List<FaceDetection> sorted = new ArrayList<>(faces);
        sorted.sort(Comparator.comparingDouble(FaceDetection::score).reversed());
        List<FaceDetection> kept = new ArrayList<>();
        for (FaceDetection f : sorted) {
            if (kept.stream().noneMatch(k -> iou(k, f) > iouThreshold)) {
                kept.add(f);
            }
        }
        return kept;
    }

    static double iou(FaceDetection a, FaceDetection b) {
        double ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        double iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        double inter = ix * iy;
        double union = a.width() * a.height() + b.width() * b.height() - inter;
        return union > 0 ? inter / union : 0;
    }

    private static double clamp01(float v) {
        return Math.max(0, Math.min(1, v));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}

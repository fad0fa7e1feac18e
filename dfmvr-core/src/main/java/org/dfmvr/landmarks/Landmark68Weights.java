package org.dfmvr.landmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a TensorFlow.js weight manifest (a {@code *-weights_manifest.json} plus its binary shards),
 * dequantised to float32 the way tfjs does it: a uint8/uint16 value {@code q} becomes {@code q * scale + min}
 * (computed in double, stored as float), a float32 value is read little-endian.
 *
 * <p>Every tensor keeps its tfjs shape and row-major layout: conv filters {@code [kh, kw, in, out]}, depthwise
 * filters {@code [kh, kw, in, 1]}, fully connected weights {@code [in, out]}.
 */
public final class Landmark68Weights {
    /** A named tensor: {@code shape} and its row-major {@code values}. */
    public record Tensor(String name, int[] shape, float[] values) {
        public int dim(int i) {
            return shape[i];
        }
    }

    /** Opens a file of the model folder by name (a classpath resource, a file, ...). */
    @FunctionalInterface
    public interface FileOpener {
        InputStream open(String fileName) throws IOException;
    }

    private final Map<String, Tensor> tensors;

    private Landmark68Weights(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    /**
     * Reads the manifest {@code manifestName} and the shards it names through {@code opener}.
     *
     * @throws IOException a missing file, a shard shorter than the manifest's tensors, bytes left over, or an
     *                     unsupported dtype; the message names the file and the tensor
     */
    public static Landmark68Weights read(FileOpener opener, String manifestName) throws IOException {
        JsonNode manifest;
        try (InputStream in = opener.open(manifestName)) {
            manifest = new ObjectMapper().readTree(in);
        }
        if (manifest == null || !manifest.isArray() || manifest.isEmpty()) {
            throw new IOException(manifestName + ": expected a JSON array of weight groups");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (JsonNode path : group.path("paths")) {
                try (InputStream in = opener.open(path.asText())) {
                    in.transferTo(bytes);
                }
            }
            byte[] data = bytes.toByteArray();
            int offset = 0;
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText();
                int[] shape = new int[w.path("shape").size()];
                int count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asInt();
                    count *= shape[i];
                }
                JsonNode q = w.get("quantization");
                float[] values = new float[count];
                if (q != null) {
                    String qType = q.path("dtype").asText();
                    int width = switch (qType) {
                        case "uint8" -> 1;
                        case "uint16" -> 2;
                        default -> throw new IOException(manifestName + ": tensor " + name
                                + " has quantization dtype " + qType + ", expected uint8 or uint16");
                    };
                    double scale = q.path("scale").asDouble();
                    double min = q.path("min").asDouble();
                    requireBytes(data, offset, count * width, manifestName, name);
                    for (int i = 0; i < count; i++) {
                        int v = width == 1 ? data[offset + i] & 0xff
                                : (data[offset + 2 * i] & 0xff) | (data[offset + 2 * i + 1] & 0xff) << 8;
                        values[i] = (float) (v * scale + min);
                    }
                    offset += count * width;
                } else if ("float32".equals(w.path("dtype").asText())) {
                    requireBytes(data, offset, count * 4, manifestName, name);
                    for (int i = 0; i < count; i++) {
                        int p = offset + 4 * i;
                        values[i] = Float.intBitsToFloat((data[p] & 0xff) | (data[p + 1] & 0xff) << 8
                                | (data[p + 2] & 0xff) << 16 | (data[p + 3] & 0xff) << 24);
                    }
                    offset += count * 4;
                } else {
                    throw new IOException(manifestName + ": tensor " + name + " has dtype "
                            + w.path("dtype").asText() + " and no quantization, expected float32");
                }
                out.put(name, new Tensor(name, shape, values));
            }
            if (offset != data.length) {
                throw new IOException(manifestName + ": the shards of a weight group hold " + data.length
                        + " bytes, the manifest's tensors use " + offset);
            }
        }
        return new Landmark68Weights(out);
    }

    private static void requireBytes(byte[] data, int offset, int needed, String manifest, String name)
            throws IOException {
        if (offset + needed > data.length) {
            throw new IOException(manifest + ": shard data ends before tensor " + name + " (needs " + needed
                    + " bytes at offset " + offset + ", shard holds " + data.length + ")");
        }
    }

    /**
     * The tensor {@code name} with the given shape.
     *
     * @throws IllegalArgumentException it is missing or has another shape
     */
    public Tensor require(String name, int... shape) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("weights have no tensor " + name + " (have " + tensors.keySet() + ")");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(shape));
        }
        return t;
    }

    public int size() {
        return tensors.size();
    }
}

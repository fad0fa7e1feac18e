package org.dfmvr.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.output.SampleFileNames;

/**
 * The {@code predictions.json} of a prediction folder (the contract infer writes, docs/eval.md):
 * <pre>{@code
 * {"format": "dfmvr-predictions", "version": 1,
 *  "samples": [{"sample_id": "synthetic/s001/e01", "model": "synthface:42"}, ...]}
 * }</pre>
 * Each listed sample's mesh is {@code <stem>.obj} or {@code .ply} in the same folder, the stem being the sample id's
 * file name ({@link SampleFileNames#stem}: {@code /} as {@code __}, other special characters escaped),
 * in the topology of its {@code model} (a {@link org.dfmvr.facemodel.FaceModels} spec), so that the 7 alignment
 * vertex ids come from {@link org.dfmvr.facemodel.MorphableModel#alignmentIds()}.
 */
public final class PredictionIndex {
    public static final String FILE = "predictions.json";
    public static final String FORMAT = "dfmvr-predictions";
    public static final int VERSION = 1;

    private PredictionIndex() {
    }

    /** Sample id to model spec, in file order; a malformed index is a {@link BadEvalInputException}. */
    public static Map<String, String> read(FileSystem fs, Path folder) throws IOException {
        Path file = new Path(folder, FILE);
        if (!fs.exists(file)) {
            throw new BadEvalInputException("prediction set " + folder + " has no " + FILE
                    + " (expected the index infer writes; docs/eval.md)");
        }
        JsonNode root;
        try (InputStream in = fs.open(file)) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new BadEvalInputException(file + ": not valid JSON: " + e.getMessage());
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new BadEvalInputException(file + ": expected format '" + FORMAT + "' version " + VERSION + ", got '"
                    + (root == null ? "" : root.path("format").asText()) + "' version "
                    + (root == null ? "" : root.path("version").asText()));
        }
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode samples = root.path("samples");
        if (!samples.isArray()) {
            throw new BadEvalInputException(file + ": 'samples' must be an array");
        }
        for (int i = 0; i < samples.size(); i++) {
            String id = samples.get(i).path("sample_id").asText("");
            String model = samples.get(i).path("model").asText("");
            if (id.isEmpty() || model.isEmpty()) {
                throw new BadEvalInputException(file + ": samples[" + i + "] needs non-empty 'sample_id' and 'model', "
                        + "got " + samples.get(i));
            }
            if (out.put(id, model) != null) {
                throw new BadEvalInputException(file + ": sample_id '" + id + "' is listed twice");
            }
        }
        return out;
    }

    /** The file-name stem of a sample id ({@link SampleFileNames#stem}). */
    public static String stem(String sampleId) {
        return SampleFileNames.stem(sampleId);
    }

    /** The sample id of a file-name stem ({@link SampleFileNames#sampleId}: "__" read as '/'). */
    public static String sampleId(String stem) {
        return SampleFileNames.sampleId(stem);
    }
}

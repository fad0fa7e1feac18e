package org.dfmvr.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads named numeric matrices (top-level or inside a struct) from a MATLAB Level-5 MAT file (save -v6/-v7,
 * scipy.io.savemat) with MFL (us.hebi.matlab.mat:mfl-core), checking presence and shape, and rejecting v7.3 files
 * (HDF5) with a clear message instead of MFL's parse error. Used by the BFM importers and the Pixel-Face reader.
 */
public final class MatFields {
    /** HDF5 superblock signature; a v7.3 MAT file has it at offset 512, after its 512-byte text header. */
    public static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final String file;
    private final java.util.function.Function<String, Array> fields;

    private MatFields(String file, java.util.function.Function<String, Array> fields) {
        this.file = file;
        this.fields = fields;
    }

    public static MatFields open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("MAT file " + file + " is missing");
        }
        return open(Files.readAllBytes(file), file.toString());
    }

    /** A MAT file already in memory (e.g. read through the Hadoop FileSystem API); {@code name} is for messages. */
    public static MatFields open(byte[] bytes, String name) throws IOException {
        byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 520));
        int n = head.length;
        String file = name;
        boolean hdf5 = startsWith(head, n, 0) || startsWith(head, n, 512);
        if (hdf5) {
            throw new IOException(file + " is a MATLAB v7.3 (HDF5) file, which this reader does not support; "
                    + "re-save it as Level 5 (MATLAB: save(f, '-v7'); Python: scipy.io.savemat)");
        }
        String text = new String(head, 0, Math.min(n, 116), StandardCharsets.US_ASCII);
        if (n < 128 || !text.startsWith("MATLAB 5.0 MAT-file")) {
            throw new IOException(file + " is not a MATLAB Level-5 MAT file: header expected \"MATLAB 5.0 MAT-file\""
                    + ", got \"" + text.substring(0, Math.min(text.length(), 24)).replaceAll("[^\\x20-\\x7e]", "?")
                    + "\"");
        }
        try {
            MatFile mat = Mat5.newReader(us.hebi.matlab.mat.types.Sources.wrap(java.nio.ByteBuffer.wrap(bytes)))
                    .readMat();
            return new MatFields(file, fieldName -> {
                Array last = null; // a name written twice: the later one wins, as MATLAB's load does
                for (MatFile.Entry e : mat.getEntries()) {
                    if (e.getName().equals(fieldName)) {
                        last = e.getValue();
                    }
                }
                return last;
            });
        } catch (IOException | RuntimeException e) { // MFL's own messages (e.g. "Unknown tag type") name no file
            throw new IOException(file + ": cannot parse MAT file: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] b, int n, int offset) {
        return n >= offset + HDF5_SIGNATURE.length
                && Arrays.equals(Arrays.copyOfRange(b, offset, offset + HDF5_SIGNATURE.length), HDF5_SIGNATURE);
    }

    public boolean has(String name) {
        return fields.apply(name) != null;
    }

    /** The fields of the (scalar) struct {@code name}. */
    public MatFields struct(String name) throws IOException {
        Array a = fields.apply(name);
        if (a == null) {
            throw new IOException(file + ": struct '" + name + "' is missing");
        }
        if (!(a instanceof us.hebi.matlab.mat.types.Struct st) || st.getNumElements() != 1) {
            throw new IOException(file + ": '" + name + "' must be a 1x1 struct, got " + a.getType() + " " + dims(a));
        }
        String path = file + ":" + name;
        return new MatFields(path, field -> st.getFieldNames().contains(field) ? st.get(field) : null);
    }

    /** The named matrix, which must exist with {@code rows} x {@code cols} (-1 = any). */
    public Matrix matrix(String name, int rows, int cols) throws IOException {
        Array a = fields.apply(name);
        if (a == null) {
            throw new IOException(file + ": field '" + name + "' is missing");
        }
        if (!(a instanceof Matrix m) || m.isComplex()) {
            throw new IOException(file + ": field '" + name + "' must be a real numeric matrix, got " + a.getType());
        }
        if (a.getNumDimensions() != 2 || (rows >= 0 && a.getNumRows() != rows) || (cols >= 0 && a.getNumCols() != cols)) {
            throw new IOException(file + ": field '" + name + "' must be " + (rows < 0 ? "N" : rows) + "x"
                    + (cols < 0 ? "K" : cols) + ", got " + dims(a));
        }
        return m;
    }

    /** A vector field (1xN or Nx1) of length {@code n} (-1 = any), as doubles. */
    public double[] vector(String name, int n) throws IOException {
        Matrix m = matrix(name, -1, -1);
        if (Math.min(m.getNumRows(), m.getNumCols()) != 1 || (n >= 0 && m.getNumElements() != n)) {
            throw new IOException(file + ": field '" + name + "' must be a vector of " + (n < 0 ? "N" : n)
                    + " values (1xN or Nx1), got " + dims(m));
        }
        double[] v = new double[m.getNumElements()];
        for (int i = 0; i < v.length; i++) {
            v[i] = m.getDouble(i);
        }
        return v;
    }

    /** 1-based MATLAB indices in [1, bound] as 0-based ints. */
    public int[] indices(String name, int n, int bound) throws IOException {
        double[] v = vector(name, n);
        return toZeroBased(name, v, bound);
    }

    public int[] toZeroBased(String name, double[] v, int bound) throws IOException {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 1 || v[i] > bound) {
                throw new IOException(file + ": field '" + name + "' entry " + i + " = " + v[i]
                        + " is not a 1-based index in [1," + bound + "]");
            }
            out[i] = (int) v[i] - 1;
        }
        return out;
    }

    /** The file (and struct path) these fields come from, for messages. */
    public String file() {
        return file;
    }

    public static String dims(Array a) {
        StringBuilder s = new StringBuilder();
        for (int d : a.getDimensions()) {
            s.append(s.length() == 0 ? "" : "x").append(d);
        }
        return s.toString();
    }
}

package org.dfmvr.facemodel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads named numeric matrices from a MATLAB Level-5 MAT file (save -v6/-v7, scipy.io.savemat) with MFL
 * (us.hebi.matlab.mat:mfl-core), checking presence and shape, and rejecting v7.3 files (HDF5) with a clear message
 * instead of MFL's parse error.
 */
final class MatFields {
    /** HDF5 superblock signature; a v7.3 MAT file has it at offset 512, after its 512-byte text header. */
    static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final Path file;
    private final MatFile mat;

    private MatFields(Path file, MatFile mat) {
        this.file = file;
        this.mat = mat;
    }

    static MatFields open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("MAT file " + file + " is missing");
        }
        byte[] head = new byte[520];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
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
            return new MatFields(file, Mat5.readFromFile(file.toFile()));
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot parse MAT file: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] b, int n, int offset) {
        return n >= offset + HDF5_SIGNATURE.length
                && Arrays.equals(Arrays.copyOfRange(b, offset, offset + HDF5_SIGNATURE.length), HDF5_SIGNATURE);
    }

    boolean has(String name) {
        for (MatFile.Entry e : mat.getEntries()) {
            if (e.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The named matrix, which must exist with {@code rows} x {@code cols} (-1 = any). */
    Matrix matrix(String name, int rows, int cols) throws IOException {
        Array a = null;
        for (MatFile.Entry e : mat.getEntries()) {
            if (e.getName().equals(name)) {
                a = e.getValue();
            }
        }
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
    double[] vector(String name, int n) throws IOException {
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
    int[] indices(String name, int n, int bound) throws IOException {
        double[] v = vector(name, n);
        return toZeroBased(name, v, bound);
    }

    int[] toZeroBased(String name, double[] v, int bound) throws IOException {
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

    Path file() {
        return file;
    }

    static String dims(Array a) {
        StringBuilder s = new StringBuilder();
        for (int d : a.getDimensions()) {
            s.append(s.length() == 0 ? "" : "x").append(d);
        }
        return s.toString();
    }
}

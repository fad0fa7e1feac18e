package org.dfmvr.nn.fast;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Bulk access to the H x W planes of a float or double [N,C,H,W] array from Java, straight from the array's off-heap
 * buffer: one plane at a time as a {@code double[]} (either data type), or a float array's whole channel (its N
 * planes) at once as a {@code float[]}. Every plane must be contiguous (strides [.., .., W, 1]);
 * the N and C strides are free, so channel slices made by DL4J's merge vertex are read in place.
 */
final class NchwPlanes {
    private final long[] shape;
    private final long offset;
    private final long strideN;
    private final long strideC;
    private final int planeSize;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;

    private NchwPlanes(INDArray a) {
        shape = a.shape();
        offset = a.offset();
        strideN = a.stride(0);
        strideC = a.stride(1);
        planeSize = Math.toIntExact(shape[2] * shape[3]);
        ByteBuffer bytes = a.data().asNio().order(ByteOrder.nativeOrder());
        floats = a.dataType() == DataType.FLOAT ? bytes.asFloatBuffer() : null;
        doubles = a.dataType() == DataType.DOUBLE ? bytes.asDoubleBuffer() : null;
    }

    /**
     * Planes of {@code a}; an array whose planes are not contiguous is first copied into c order (the copy is what
     * is read; {@link #write} to such an array is rejected).
     */
    static NchwPlanes of(String what, INDArray a) {
        requireShape(what, a);
        return new NchwPlanes(planesContiguous(a) ? a : a.dup('c'));
    }

    /** Planes of an output array, which must have contiguous planes (as arrays the layer allocates do). */
    static NchwPlanes writable(String what, INDArray a) {
        requireShape(what, a);
        if (!planesContiguous(a)) {
            throw new IllegalArgumentException(what + ": expected contiguous H x W planes, got strides "
                    + Arrays.toString(a.stride()) + " for shape " + Arrays.toString(a.shape()));
        }
        return new NchwPlanes(a);
    }

    int batch() {
        return (int) shape[0];
    }

    int channels() {
        return (int) shape[1];
    }

    int planeSize() {
        return planeSize;
    }

    /** N H W: the values of one channel. */
    int channelSize() {
        return Math.multiplyExact(batch(), planeSize);
    }

    /** Whether the array is float32 (then {@link #readChannel} and {@link #writeChannel} apply). */
    boolean isFloat() {
        return floats != null;
    }

    boolean sameShape(NchwPlanes other) {
        return Arrays.equals(shape, other.shape);
    }

    /** Copies plane (n, c) into {@code dst[0 .. planeSize)}; {@code floatScratch} holds at least planeSize. */
    void read(int n, int c, double[] dst, float[] floatScratch) {
        int at = index(n, c);
        if (floats != null) {
            floats.get(at, floatScratch, 0, planeSize);
            for (int i = 0; i < planeSize; i++) {
                dst[i] = floatScratch[i];
            }
        } else {
            doubles.get(at, dst, 0, planeSize);
        }
    }

    /** Writes {@code src[0 .. planeSize)} into plane (n, c), rounding to float for a float array. */
    void write(int n, int c, double[] src, float[] floatScratch) {
        int at = index(n, c);
        if (floats != null) {
            for (int i = 0; i < planeSize; i++) {
                floatScratch[i] = (float) src[i];
            }
            floats.put(at, floatScratch, 0, planeSize);
        } else {
            doubles.put(at, src, 0, planeSize);
        }
    }

    /** Copies channel c of a float array, plane n into {@code dst[n planeSize ..)}, for every n. */
    void readChannel(int c, float[] dst) {
        for (int n = 0; n < batch(); n++) {
            floats.get(index(n, c), dst, n * planeSize, planeSize);
        }
    }

    /** Writes {@code src[n planeSize ..)} into plane (n, c) of a float array, for every n. */
    void writeChannel(int c, float[] src) {
        for (int n = 0; n < batch(); n++) {
            floats.put(index(n, c), src, n * planeSize, planeSize);
        }
    }

    private int index(int n, int c) {
        return Math.toIntExact(offset + n * strideN + c * strideC);
    }

    private static boolean planesContiguous(INDArray a) {
        return (a.size(3) == 1 || a.stride(3) == 1) && (a.size(2) == 1 || a.stride(2) == a.size(3));
    }

    private static void requireShape(String what, INDArray a) {
        if (a.rank() != 4) {
            throw new IllegalArgumentException(what + ": expected rank 4 [N,C,H,W], got shape "
                    + Arrays.toString(a.shape()));
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(what + ": expected FLOAT or DOUBLE, got " + a.dataType());
        }
    }
}

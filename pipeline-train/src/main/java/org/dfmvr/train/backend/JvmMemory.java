package org.dfmvr.train.backend;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Memory of one JVM (an executor or the driver) at one moment, bytes: the Java heap; the off-heap bytes JavaCPP
 * tracks ({@code Pointer.totalBytes()}; ND4J frees most of its arrays through its own deallocator, so this undercounts
 * them) against its limit {@code maxbytes}; the process's resident memory ({@code Pointer.physicalBytes()}: heap,
 * native arrays and everything else, the number a container limit is enforced on); and, on the CUDA backend, the
 * current GPU's memory (-1 on CPU).
 */
public record JvmMemory(long heapUsed, long heapMax, long offHeapUsed, long offHeapMax, long resident, long gpuUsed,
                        long gpuTotal) {
    /** Read now, in the JVM running this. */
    public static JvmMemory ofThisJvm() {
        Runtime rt = Runtime.getRuntime();
        long gpuUsed = -1, gpuTotal = -1;
        if (!Nd4j.getEnvironment().isCPU()) {
            var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
            int device = ops.getDevice();
            gpuTotal = ops.getDeviceTotalMemory(device);
            gpuUsed = gpuTotal - ops.getDeviceFreeMemory(device);
        }
        return new JvmMemory(rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), Pointer.totalBytes(),
                Pointer.maxBytes(), Pointer.physicalBytes(), gpuUsed, gpuTotal);
    }

    /** As seven longs, to cross Spark in classes Kryo can write (it cannot write records). */
    long[] toArray() {
        return new long[] {heapUsed, heapMax, offHeapUsed, offHeapMax, resident, gpuUsed, gpuTotal};
    }

    static JvmMemory of(long[] v) {
        return new JvmMemory(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }
}

package org.dfmvr.cli;

import org.bytedeco.javacpp.Pointer;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.doctor.AeronFolders;
import org.dfmvr.doctor.CheckResult;
import org.dfmvr.doctor.Nd4jBackendCheck;
import org.dfmvr.doctor.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code dfmvr doctor}: a preflight of this machine with a pass/fail line and a fix hint per check. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this machine before running jobs: Java version and JVM flags, the ND4J backend, off-heap "
                + "limits, /dev/shm for Aeron (and removes Aeron folders whose process is gone), free parameter-server and Spark ports, host name resolution.",
                "Exit status 0 when nothing FAILs, 1 otherwise."},
        footer = {"", "Example:  bin/dfmvr doctor"})
public final class DoctorCommand implements JobCommand {
    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public int order() {
        return 90;
    }

    @Override
    public Integer call() {
        DfmvrConfig cfg = config.load(Map.of());
        if (config.printedOnly(cfg)) {
            return ExitCodes.OK;
        }
        String host = cfg.getString("dfmvr.parameter-server.controller-address");
        List<CheckResult> results = List.of(
                Preflight.javaVersion(),
                Preflight.jvmFlags(),
                Nd4jBackendCheck.run(),
                Preflight.offHeap(Pointer.maxBytes(), Pointer.maxPhysicalBytes(), Preflight.physicalMemory(),
                        Runtime.getRuntime().maxMemory()),
                Preflight.sharedMemory(Path.of("/dev/shm")),
                AeronFolders.removeStale(Path.of("/dev/shm")),
                Preflight.portFree("parameter-server port", host, cfg.getInt("dfmvr.parameter-server.port", 1, 65535)),
                Preflight.hostResolution());
        results.forEach(r -> System.out.println(r.format()));
        long failed = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
        System.out.println(failed == 0 ? "doctor: no failures" : "doctor: " + failed + " check(s) FAILED");
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}

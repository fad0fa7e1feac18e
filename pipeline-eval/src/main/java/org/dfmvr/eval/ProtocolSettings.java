package org.dfmvr.eval;

import java.io.Serializable;
import org.dfmvr.eval.protocol.EvaluationProtocol;
import org.dfmvr.eval.protocol.NowProtocol;
import org.dfmvr.eval.protocol.NowSettings;
import org.dfmvr.eval.protocol.PointToPlaneProtocol;
import org.dfmvr.eval.protocol.PointToPlaneSettings;
import org.dfmvr.geometry.IcpCriteria;

/**
 * Which per-sample protocol the job runs and with what parameters, as plain serializable values so that each Spark
 * task builds its own protocol object ({@link #create()}). Validation is that of the protocol's settings records,
 * run once on the driver by {@link #create()} in {@link EvalSettings#from}.
 *
 * @param protocol                    {@value PointToPlaneProtocol#ID} or {@value NowProtocol#ID}
 * @param scanUnitMm                  millimetres per ground-truth unit, &gt; 0
 * @param cropRadiusMm                "pointplane" crop radius around the scan's nose landmark, mm
 * @param maxIterations               ICP updates at most
 * @param relativeRmseChange          ICP stops when the relative RMSE change is at or below this
 * @param maxCorrespondenceDistanceMm ICP ignores pairs farther apart, mm; {@code +Infinity} for no limit
 * @param trimFraction                ICP drops this fraction of the farthest pairs each update
 * @param minCorrespondences          fewer pairs flag the sample
 * @param maxScaleChange              ICP may rescale the landmark fit by at most this factor either way
 */
public record ProtocolSettings(String protocol, double scanUnitMm, double cropRadiusMm, int maxIterations,
                               double relativeRmseChange, double maxCorrespondenceDistanceMm, double trimFraction,
                               int minCorrespondences, double maxScaleChange) implements Serializable {

    /** A new protocol object with these settings; throws {@link IllegalArgumentException} naming a bad field. */
    public EvaluationProtocol create() {
        IcpCriteria icp = new IcpCriteria(maxIterations, relativeRmseChange, maxCorrespondenceDistanceMm / scanUnitMm,
                trimFraction, minCorrespondences);
        return switch (protocol) {
            case PointToPlaneProtocol.ID -> new PointToPlaneProtocol(
                    new PointToPlaneSettings(cropRadiusMm, scanUnitMm, icp, maxScaleChange));
            case NowProtocol.ID -> new NowProtocol(new NowSettings(scanUnitMm, icp, maxScaleChange));
            default -> throw new IllegalArgumentException("protocol must be " + PointToPlaneProtocol.ID + " or "
                    + NowProtocol.ID + ", got '" + protocol + "'");
        };
    }
}

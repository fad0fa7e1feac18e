package org.dfmvr.bundle;

import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.nn.NetworkSpec;

import java.util.List;

/**
 * The {@code bundle.json} of a {@link ModelBundle}: what a reader needs to feed the graph and interpret its output.
 *
 * @param format             always {@link ModelBundle#FORMAT}
 * @param formatVersion      layout version of the bundle folder and this record, {@link ModelBundle#FORMAT_VERSION}
 * @param network            the spec the graph was built from (preset name, image size, views, heads, ...)
 * @param viewNames          graph input {@code v} (0-based) takes the view {@code viewNames[v]} (left, front, right)
 * @param faceModel          the {@code org.dfmvr.facemodel.FaceModels} spec of the face model the coefficients drive
 * @param coefficients       sizes of the coefficient groups in the graph output ({@link CoeffLayout})
 * @param inputNormalisation how pixels become inputs, {@link ModelBundle#INPUT_NORMALISATION}
 * @param createdAt          ISO-8601 UTC time the bundle was written
 * @param version            the content hash (hex SHA-256 of graph configuration, parameters and the fields above
 *                           except {@code createdAt}): equal versions = identical predictions
 */
public record BundleManifest(String format, int formatVersion, NetworkSpec network, List<String> viewNames,
                             String faceModel, CoeffLayout coefficients, String inputNormalisation, String createdAt,
                             String version) {
    public BundleManifest {
        viewNames = List.copyOf(viewNames);
    }

    /** The input image side in pixels ({@code network.imageSize}). */
    public int imageSize() {
        return network.imageSize();
    }
}

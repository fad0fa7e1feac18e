package org.dfmvr.bundle;

import org.dfmvr.nn.BiSeNetSpec;

/**
 * The {@code parse-bundle.json} of a {@link ParseBundle}: what the mask loss or a labeller needs to feed the frozen
 * parse net and trust its output.
 *
 * @param format             always {@link ParseBundle#FORMAT}
 * @param formatVersion      {@link ParseBundle#FORMAT_VERSION}
 * @param network            the spec the net was built from (preset, image size, classes, widths)
 * @param inputNormalisation how pixels become inputs, {@link ParseBundle#INPUT_NORMALISATION}
 * @param pixelAccuracy      fraction of validation pixels labelled right by the main head, in [0,1] (NaN: none)
 * @param meanIou            mean over classes present in the validation labels or predictions of the
 *                           intersection-over-union, in [0,1] (NaN: none)
 * @param validationPixels   pixels those two were measured on
 * @param createdAt          ISO-8601 UTC time the bundle was written
 * @param version            content hash of graph configuration, parameters and the fields above except
 *                           {@code createdAt}
 */
public record ParseBundleManifest(String format, int formatVersion, BiSeNetSpec network, String inputNormalisation,
                                  double pixelAccuracy, double meanIou, long validationPixels, String createdAt,
                                  String version) {
}

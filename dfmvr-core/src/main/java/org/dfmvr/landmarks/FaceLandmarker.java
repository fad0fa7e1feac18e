package org.dfmvr.landmarks;

import org.dfmvr.detect.FaceDetection;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * 68 landmarks of a face in a photo, from a face detector's box: cuts a square crop around the box, runs the
 * landmark network on it, checks the points and returns them in the photo's pixels.
 *
 * <p>The crop is a square of {@code boxScale} times the box's larger side, centred on the box; where it reaches beyond
 * the photo it is black, as face-api pads. 1.2 is best of 1.0-1.5 for YuNet boxes on renders of the ICT-FaceKit
 * face (8 detections at 320 px, yaw 0 and +-30 degrees: inner points 3.4 px, jaw 5.9 px off at the network's 112 px;
 * 3.6 / 7.3 at 1.0, 4.4 / 7.3 at 1.5). Points outside the photo are set aside like points outside a crop.
 *
 * <p>Thread-safe.
 *
 * @see LandmarkPlausibility for what is trusted
 */
public final class FaceLandmarker {
    public static final double DEFAULT_BOX_SCALE = 1.2;

    private final Landmark68Net net;
    private final LandmarkPlausibility plausibility;
    private final double boxScale;

    /**
     * @param boxScale side of the square crop over the box's larger side, in [0.5, 3]
     */
    public FaceLandmarker(Landmark68Net net, LandmarkPlausibility plausibility, double boxScale) {
        if (!(boxScale >= 0.5 && boxScale <= 3)) {
            throw new IllegalArgumentException("boxScale must be in [0.5, 3], got " + boxScale);
        }
        this.net = net;
        this.plausibility = plausibility;
        this.boxScale = boxScale;
    }

    /** The shipped network, the default plausibility rule and box scale. */
    public static FaceLandmarker loadDefault() throws IOException {
        return new FaceLandmarker(Landmark68Net.loadDefault(), LandmarkPlausibility.defaults(), DEFAULT_BOX_SCALE);
    }

    /** Landmarks of the detected face, in the photo's pixels. */
    public Landmarks68 detect(BufferedImage photo, FaceDetection face) {
        return detect(photo, face.x(), face.y(), face.width(), face.height());
    }

    /**
     * Landmarks of the face in a box.
     *
     * @param boxX box left edge, photo pixels (x right, y down, origin at the top-left corner)
     * @param boxY box top edge, photo pixels
     * @param boxW box width, pixels, &gt; 0
     * @param boxH box height, pixels, &gt; 0
     * @return points in the photo's pixels; a point outside the crop or the photo is {@code OUTSIDE_CROP}
     */
    public Landmarks68 detect(BufferedImage photo, double boxX, double boxY, double boxW, double boxH) {
        if (!(boxW > 0 && boxH > 0) || !Double.isFinite(boxX) || !Double.isFinite(boxY)) {
            throw new IllegalArgumentException("face box must have a finite corner and positive size, got " + boxX
                    + "," + boxY + " " + boxW + "x" + boxH);
        }
        int side = Math.max(1, (int) Math.round(boxScale * Math.max(boxW, boxH)));
        int left = (int) Math.round(boxX + boxW / 2 - side / 2.0);
        int top = (int) Math.round(boxY + boxH / 2 - side / 2.0);
        BufferedImage crop = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = crop.createGraphics();
        try {
            g.drawImage(photo, -left, -top, null);
        } finally {
            g.dispose();
        }
        float[] points = net.predict(crop);
        // the part of the crop that shows the photo, in crop pixels
        int visibleLeft = Math.max(0, -left);
        int visibleTop = Math.max(0, -top);
        int visibleRight = Math.min(side, photo.getWidth() - left);
        int visibleBottom = Math.min(side, photo.getHeight() - top);
        Landmarks68 inCrop = plausibility.check(points, visibleLeft, visibleTop, visibleRight, visibleBottom, side);
        return inCrop.transformed(1, left, top);
    }
}

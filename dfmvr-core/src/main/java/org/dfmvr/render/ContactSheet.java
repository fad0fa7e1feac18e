package org.dfmvr.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Several images side by side on one sheet, top-aligned, each optionally captioned underneath. */
public final class ContactSheet {
    private static final int GAP = 4;
    private static final Color BACKGROUND = new Color(0x20, 0x20, 0x20);
    private static final Color TEXT = new Color(0xE0, 0xE0, 0xE0);

    private ContactSheet() {
    }

    /**
     * Composes a sheet.
     *
     * @param images   one or more images, left to right
     * @param captions empty for no captions, else one per image (an empty string leaves that one blank)
     */
    public static BufferedImage compose(List<BufferedImage> images, List<String> captions) {
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("images must hold at least one image, got "
                    + (images == null ? "null" : "none"));
        }
        if (captions == null || !(captions.isEmpty() || captions.size() == images.size())) {
            throw new IllegalArgumentException("captions must be empty or one per image (" + images.size()
                    + "), got " + (captions == null ? "null" : captions.size()));
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics probeMetrics = pg.getFontMetrics(font);
        // a column is as wide as its image or its caption, whichever is wider: captions never overlap
        int[] columns = new int[images.size()];
        int width = GAP, height = 0;
        for (int k = 0; k < images.size(); k++) {
            BufferedImage image = images.get(k);
            columns[k] = Math.max(image.getWidth(), captions.isEmpty() ? 0 : probeMetrics.stringWidth(captions.get(k)));
            width += columns[k] + GAP;
            height = Math.max(height, image.getHeight());
        }
        int captionHeight = captions.isEmpty() ? 0 : probeMetrics.getHeight() + GAP;
        pg.dispose();
        BufferedImage sheet = new BufferedImage(width, GAP + height + captionHeight + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(TEXT);
            FontMetrics metrics = g.getFontMetrics();
            int x = GAP;
            for (int k = 0; k < images.size(); k++) {
                g.drawImage(images.get(k), x, GAP, null);
                if (!captions.isEmpty() && !captions.get(k).isEmpty()) {
                    g.drawString(captions.get(k), x, GAP + height + GAP + metrics.getAscent());
                }
                x += columns[k] + GAP;
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}

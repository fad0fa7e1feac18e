package org.dfmvr.bench.landmarks;

import org.dfmvr.landmarks.Landmark68Net;
import org.dfmvr.landmarks.LandmarkPlausibility;
import org.dfmvr.landmarks.Landmarks68;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Time per crop of the Java 68-point landmark network (one thread), and what the plausibility rule says about crops
 * without a face (a flat grey square, uniform noise).
 *
 * <p>usage: {@code bench/run org.dfmvr.bench.landmarks.Landmark68Timing [crops folder] [rounds]}, default the test
 * crops {@code dfmvr-core/src/test/resources/landmarks68/crops} and 5 rounds after 2 warm-up rounds.
 */
public final class Landmark68Timing {
    private Landmark68Timing() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "dfmvr-core/src/test/resources/landmarks68/crops");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<BufferedImage> crops = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                crops.add(ImageIO.read(f.toFile()));
            }
        }
        Landmark68Net net = Landmark68Net.loadDefault();
        LandmarkPlausibility rule = LandmarkPlausibility.defaults();
        for (int w = 0; w < 2; w++) {
            crops.forEach(c -> net.detect(c, rule));
        }
        double[] perCropMs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (BufferedImage c : crops) {
                net.detect(c, rule);
            }
            perCropMs[r] = (System.nanoTime() - t0) / 1e6 / crops.size();
        }
        Arrays.sort(perCropMs);
        System.out.printf("%d crops x %d rounds, one thread: median %.1f ms per crop (min %.1f, max %.1f)%n",
                crops.size(), rounds, perCropMs[rounds / 2], perCropMs[0], perCropMs[rounds - 1]);

        BufferedImage grey = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        BufferedImage noise = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rng = new SplittableRandom(1);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                grey.setRGB(x, y, 0x808080);
                noise.setRGB(x, y, rng.nextInt(0x1000000));
            }
        }
        for (BufferedImage c : List.of(grey, noise)) {
            Landmarks68 lm = net.detect(c, rule);
            System.out.println((c == grey ? "grey crop: " : "noise crop: ") + lm);
        }
    }
}

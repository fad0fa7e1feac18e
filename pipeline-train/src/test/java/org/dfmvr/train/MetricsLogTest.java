package org.dfmvr.train;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsLogTest {
    @TempDir
    Path dir;

    @Test
    void givenLoggedSteps_whenFlushed_thenOneJsonObjectPerLineAndAReadableLossCurve() throws IOException {
        MetricsLog log = new MetricsLog(dir.toString(), new Configuration());
        for (int s = 1; s <= 20; s++) {
            log.step(s / 10, s, Map.of("loss", 10.0 / s, "loss_photo", 5.0 / s, "lr", 1e-4));
        }
        log.flush();
        List<String> lines = Files.readAllLines(dir.resolve(MetricsLog.FILE));
        assertEquals(20, lines.size());
        assertThat(lines.get(0)).startsWith("{\"epoch\":0,\"step\":1,").contains("\"loss_photo\":5.0");
        assertEquals(800, ImageIO.read(dir.resolve(MetricsLog.CURVE).toFile()).getWidth());
    }

    @Test
    void givenAnExistingLog_whenAResumedRunLoadsIt_thenItContinuesFromThoseRows() throws IOException {
        MetricsLog first = new MetricsLog(dir.toString(), new Configuration());
        first.step(0, 1, Map.of("loss", 2.0));
        first.flush();
        MetricsLog resumed = new MetricsLog(dir.toString(), new Configuration());
        resumed.load();
        resumed.step(0, 2, Map.of("loss", 1.0));
        resumed.flush();
        assertEquals(2, Files.readAllLines(dir.resolve(MetricsLog.FILE)).size());
    }
}

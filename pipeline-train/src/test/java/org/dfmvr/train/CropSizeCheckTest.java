package org.dfmvr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.testing.LocalSpark;
import org.dfmvr.testing.TinyShards;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train refuses shards whose crops are not the size its preset takes, before it builds or writes anything. */
@Tag("spark")
class CropSizeCheckTest {
    @TempDir
    Path dir;

    @Test
    void givenShardsOf32PxCropsAndThe64PxTinyPreset_whenTrained_thenAConfigErrorNamesBothSizesAndTheFixAndNothingIsWritten() {
        Path shards = TinyShards.write(LocalSpark.session(), dir.resolve("shards"), 2, 32, "train");
        Path out = dir.resolve("train");
        TrainSettings settings = TrainSettings.from(DfmvrConfig.load(null, Map.of("dfmvr.train.data",
                "\"" + shards + "\"", "dfmvr.train.out", "\"" + out + "\"", "dfmvr.train.preset", "tiny")));
        int tiny = NetworkSpec.tiny().imageSize();

        assertThatThrownBy(() -> TrainRunner.run(LocalSpark.session(), settings, ""))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("dfmvr.train.preset")
                .hasMessageContaining("takes " + tiny + " px crops").hasMessageContaining("hold [32] px crops")
                .hasMessageContaining("-Ddfmvr.ingest.image-size=" + tiny);
        assertThat(out).doesNotExist();
    }

    @Test
    void givenShardsOfThePresetsCropSize_whenChecked_thenNothingIsRaised() throws Exception {
        Path shards = TinyShards.write(LocalSpark.session(), dir.resolve("shards-64"), 2,
                NetworkSpec.tiny().imageSize(), "train");
        TrainSettings settings = TrainSettings.from(DfmvrConfig.load(null, Map.of("dfmvr.train.data",
                "\"" + shards + "\"", "dfmvr.train.preset", "tiny")));

        DfmvrTarget target = new DfmvrTarget(settings);

        assertThatCode(() -> TrainRunner.requireCropSize(LocalSpark.session(), shards + "/v1", target,
                "dfmvr.train.preset")).doesNotThrowAnyException();
    }
}

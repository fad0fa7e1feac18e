package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime of {@link FastBatchNormalization} (Ioffe and Szegedy 2015, "Batch Normalization", arXiv:1502.03167,
 * algorithm 1, with per-channel statistics over N, H and W as in its section 3.2).
 *
 * <p>Training forward: batch mean and biased variance per channel, then {@code batchnorm}. Backward:
 * {@code batchnorm_bp} with the same batch statistics (recomputed in one {@code moments} pass) gives the input,
 * gamma and beta gradients. The running statistics are updated the way DL4J 1.0.0-M2.1 does it, through the
 * "gradient" of the global parameters, which DL4J applies with a no-op updater as {@code param -= gradient}:
 * mean' = decay * mean + (1 - decay) * batchMean, and the same for the variance (or, with {@code useLogStd}, for
 * the variance behind the stored log10 standard deviation). Inference uses the running statistics. No activation:
 * like DL4J's stock layer (which ignores its activation field) the output is the normalised input.
 */
public class FastBatchNormalizationLayer extends BatchNormalization {
    /** 1 / (2 ln 10): log10(sqrt(v)) = ln(v) / (2 ln 10). */
    private static final double ONE_ON_2LN10 = 1.0 / (2.0 * Math.log(10.0));

    public FastBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        FastLayerSupport.requireInput(layerId(), input, layerConf().getNOut());
        INDArray mean;
        INDArray var;
        if (training) {
            INDArray[] moments = batchMoments();
            mean = moments[0];
            var = moments[1];
        } else {
            mean = FastLayerSupport.vector(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
            var = globalVariance();
        }
        return normalise(mean, var, workspaceMgr, ArrayType.ACTIVATIONS);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        INDArray[] moments = batchMoments();
        INDArray mean = moments[0];
        INDArray var = moments[1];
        INDArray gradInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape(), 'c');
        INDArray gradGamma = Nd4j.createUninitialized(mean.dataType(), mean.length());
        INDArray gradBeta = Nd4j.createUninitialized(mean.dataType(), mean.length());
        NativeOps.batchNormBackprop(input, mean, var, gamma(), beta(), epsilon.castTo(input.dataType()), c.getEps(),
                gradInput, gradGamma, gradBeta);

        Gradient gradient = new DefaultGradient();
        setGradient(gradient, BatchNormalizationParamInitializer.GAMMA, gradGamma);
        setGradient(gradient, BatchNormalizationParamInitializer.BETA, gradBeta);
        double keep = c.isMinibatch() ? c.getDecay() : 0.0;
        INDArray globalMean = FastLayerSupport.vector(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        setGradient(gradient, BatchNormalizationParamInitializer.GLOBAL_MEAN,
                globalMean.sub(mean).muli(1.0 - keep));
        INDArray newVar = globalVariance().muli(keep).addi(var.mul(1.0 - keep));
        if (c.isUseLogStd()) {
            INDArray globalLog10Std = FastLayerSupport.vector(
                    getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
            setGradient(gradient, BatchNormalizationParamInitializer.GLOBAL_LOG_STD,
                    globalLog10Std.sub(Transforms.log(newVar, false).muli(ONE_ON_2LN10)));
        } else {
            INDArray globalVar = FastLayerSupport.vector(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
            setGradient(gradient, BatchNormalizationParamInitializer.GLOBAL_VAR, globalVar.sub(newVar));
        }
        return new Pair<>(gradient, backpropDropOutIfPresent(gradInput));
    }

    /** gamma * (input - mean) / sqrt(var + eps) + beta, [N,C,H,W], allocated as {@code type}. */
    private INDArray normalise(INDArray mean, INDArray var, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        INDArray out = workspaceMgr.createUninitialized(type, input.dataType(), input.shape(), 'c');
        NativeOps.batchNorm(input, mean, var, gamma(), beta(), layerConf().getEps(), out);
        return out;
    }

    /** Per-channel mean and biased variance over N, H, W, each [C], in one pass (libnd4j {@code moments}). */
    private INDArray[] batchMoments() {
        return Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(input).addIntegerArguments(0, 2, 3).build());
    }

    /** The running variance [C], decoded from the stored log10 std when {@code useLogStd}. */
    private INDArray globalVariance() {
        if (layerConf().isUseLogStd()) {
            INDArray log10Std = FastLayerSupport.vector(getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, log10Std.dataType()), log10Std,
                    false);
            return std.muli(std);
        }
        return FastLayerSupport.vector(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR)).dup();
    }

    private INDArray gamma() {
        return FastLayerSupport.vector(getParam(BatchNormalizationParamInitializer.GAMMA));
    }

    private INDArray beta() {
        return FastLayerSupport.vector(getParam(BatchNormalizationParamInitializer.BETA));
    }

    private void setGradient(Gradient gradient, String key, INDArray value) {
        INDArray view = gradientViews.get(key);
        view.assign(value.reshape(view.shape()));
        gradient.setGradientFor(key, view);
    }
}

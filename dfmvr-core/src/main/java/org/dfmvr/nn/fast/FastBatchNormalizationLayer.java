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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime of {@link FastBatchNormalization} (Ioffe and Szegedy 2015, "Batch Normalization", arXiv:1502.03167,
 * algorithm 1, with per-channel statistics over N, H and W as in its section 3.2).
 *
 * <p>Training forward: batch mean and biased variance per channel, then normalisation ({@link BatchNormKernel},
 * plain Java, which with {@code relu} also applies the following ReLU in the same pass). Backward: the input, gamma
 * and beta gradients with the same batch statistics, recomputed from the input (DL4J layers keep no state between
 * the passes). The running statistics are updated the way DL4J 1.0.0-M2.1 does it, through the
 * "gradient" of the global parameters, which DL4J applies with a no-op updater as {@code param -= gradient}:
 * mean' = decay * mean + (1 - decay) * batchMean, and the same for the variance (or, with {@code useLogStd}, for
 * the variance behind the stored log10 standard deviation). Inference uses the running statistics. Without
 * {@code relu} there is no activation: like DL4J's stock layer (which ignores its activation field) the output is
 * the normalised input.
 */
public class FastBatchNormalizationLayer extends BatchNormalization {
    /** 1 / (2 ln 10): log10(sqrt(v)) = ln(v) / (2 ln 10). */
    private static final double ONE_ON_2LN10 = 1.0 / (2.0 * Math.log(10.0));

    private final boolean relu;

    /**
     * @param relu true: the layer is batch norm followed by ReLU ({@link FastBatchNormRelu}), computed in one pass
     */
    public FastBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType, boolean relu) {
        super(conf, dataType);
        this.relu = relu;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        FastLayerSupport.requireInput(layerId(), input, layerConf().getNOut());
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        double eps = layerConf().getEps();
        if (training) {
            BatchNormKernel.forwardTraining(input, gamma(), beta(), eps, relu, out);
        } else {
            BatchNormKernel.forwardInference(input,
                    FastLayerSupport.vector(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)),
                    globalVariance(), gamma(), beta(), eps, relu, out);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        INDArray gradInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape(), 'c');
        INDArray gradGamma = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
        INDArray gradBeta = gradientViews.get(BatchNormalizationParamInitializer.BETA);
        BatchNormKernel.Moments moments = BatchNormKernel.backward(input, gamma(), beta(), epsilon, c.getEps(), relu,
                gradInput, gradGamma, gradBeta);
        INDArray mean = Nd4j.createFromArray(moments.mean()).castTo(input.dataType());
        INDArray var = Nd4j.createFromArray(moments.variance()).castTo(input.dataType());

        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, gradGamma);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, gradBeta);
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

package org.dfmvr.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * The paper's learning-rate schedule, per epoch: {@code initial} until epoch {@code constantEpochs}, then a cosine
 * from {@code initial} down to {@code floor}, reached at epoch {@code totalEpochs} and held after it (a resume with
 * more epochs replaces the schedule with one of the new length, {@code TrainRunner.continueSchedule}).
 *
 * <p>It lives inside the Adam updater's configuration, so DL4J serialises it with the graph (nd4j's Jackson writes
 * the class name and the four properties): a checkpoint carries its schedule and {@code --resume} continues the same
 * one, reading the epoch from the restored graph. A class with getters rather than a record because nd4j's shaded
 * Jackson predates record support.
 */
public final class ConstantThenCosineSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;
    private final double initial;
    private final double floor;
    private final int constantEpochs;
    private final int totalEpochs;

    public ConstantThenCosineSchedule(@JsonProperty("initial") double initial, @JsonProperty("floor") double floor,
                                      @JsonProperty("constantEpochs") int constantEpochs,
                                      @JsonProperty("totalEpochs") int totalEpochs) {
        if (!(initial > 0) || !(floor >= 0) || floor > initial) {
            throw new IllegalArgumentException("learning rates: expected 0 <= floor <= initial and initial > 0, got "
                    + "initial " + initial + ", floor " + floor);
        }
        if (totalEpochs < 1 || constantEpochs < 0 || constantEpochs > totalEpochs) {
            throw new IllegalArgumentException("epochs: expected 0 <= constantEpochs <= totalEpochs and totalEpochs "
                    + ">= 1, got constantEpochs " + constantEpochs + ", totalEpochs " + totalEpochs);
        }
        this.initial = initial;
        this.floor = floor;
        this.constantEpochs = constantEpochs;
        this.totalEpochs = totalEpochs;
    }

    /**
     * The schedule for a run of {@code runEpochs}: the constant phase is {@code constantEpochs / referenceEpochs} of
     * the run (the paper's 50 of 280), so short runs keep the paper's shape.
     */
    public static ConstantThenCosineSchedule scaled(double initial, double floor, int constantEpochs,
                                                    int referenceEpochs, int runEpochs) {
        int switchAt = (int) Math.round(runEpochs * (double) constantEpochs / referenceEpochs);
        return new ConstantThenCosineSchedule(initial, floor, Math.min(switchAt, runEpochs), runEpochs);
    }

    @Override
    public double valueAt(int iteration, int dl4jEpoch) {
        return rateAt(EpochClock.or(dl4jEpoch));
    }

    /** The rate of (0-based) {@code epoch}. */
    public double rateAt(int epoch) {
        if (epoch < constantEpochs) {
            return initial;
        }
        double t = Math.min(1.0, (epoch - constantEpochs) / (double) Math.max(1, totalEpochs - constantEpochs));
        return floor + (initial - floor) * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    @Override
    public ISchedule clone() {
        return new ConstantThenCosineSchedule(initial, floor, constantEpochs, totalEpochs);
    }

    public double getInitial() {
        return initial;
    }

    public double getFloor() {
        return floor;
    }

    public int getConstantEpochs() {
        return constantEpochs;
    }

    public int getTotalEpochs() {
        return totalEpochs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConstantThenCosineSchedule s && s.initial == initial && s.floor == floor
                && s.constantEpochs == constantEpochs && s.totalEpochs == totalEpochs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initial, floor, constantEpochs, totalEpochs);
    }

    @Override
    public String toString() {
        return "constant " + initial + " for " + constantEpochs + " of " + totalEpochs + " epochs, then cosine to "
                + floor;
    }
}

#!/usr/bin/env python3
"""How much identity do a sample's 2D landmarks carry, compared with its pixels? (README "Quick start")

Fits a linear ridge map on the training split from (a) the three views' 68 2D landmarks and (b) the three views' raw
pixels to the sample's 101 3D landmarks, and scores it on the other splits: RMS 3D-landmark error after a per-sample
similarity alignment (Umeyama, as eval aligns), in the model's units, next to the mean training shape's error.
With --noise it also adds Gaussian noise (pixels) to the 2D landmarks of both splits, as a landmark detector would.

Input: folders written by `bin/dfmvr export` from ingest shards (rows.jsonl + blobs/), e.g.
  bin/dfmvr export --input <shards>/v1/split=train --out /tmp/exp-train
  bin/dfmvr export --input <shards>/v1/split=test --out /tmp/exp-test
  python3 bench/probes/landmark_identity_probe.py /tmp/exp-train /tmp/exp-test [--noise 0.25 0.5 1 2]
Needs numpy and Pillow (Debian: python3-numpy python3-pil).
"""
import argparse
import json

import numpy as np
from PIL import Image


def load(folder):
    landmarks, pixels, targets = [], [], []
    with open(f"{folder}/rows.jsonl") as rows:
        for line in rows:
            row = json.loads(line)
            views = row["views"]
            landmarks.append(np.concatenate([np.array(v["landmarks68"], float) for v in views]))
            pixels.append(np.concatenate([
                np.asarray(Image.open(f"{folder}/{v['image_png']}").convert("RGB"), float).ravel() / 255
                for v in views]))
            targets.append(np.array(row["landmarks3d"], float))
    return np.array(landmarks), np.array(pixels), np.array(targets)


def aligned_rms(pred, truth):
    """Mean over samples of the RMS point distance after a similarity alignment of pred onto truth."""
    errors = []
    for p, g in zip(pred, truth):
        p, g = p.reshape(-1, 3), g.reshape(-1, 3)
        pc, gc = p - p.mean(0), g - g.mean(0)
        u, s, vt = np.linalg.svd(gc.T @ pc)
        d = np.diag([1, 1, np.sign(np.linalg.det(u @ vt))])
        rotation = u @ d @ vt
        scale = (s * np.diag(d)).sum() / (pc ** 2).sum()
        q = scale * pc @ rotation.T + g.mean(0)
        errors.append(np.sqrt(((q - g) ** 2).sum(1).mean()))
    return float(np.mean(errors))


def ridge(x_train, y_train, x_test, lam):
    """Dual-form ridge regression on standardised features (n << d)."""
    mu, sd = x_train.mean(0), x_train.std(0) + 1e-6
    a, b = (x_train - mu) / sd, (x_test - mu) / sd
    y_mean = y_train.mean(0)
    alpha = np.linalg.solve(a @ a.T + lam * np.eye(len(a)), y_train - y_mean)
    return b @ (a.T @ alpha) + y_mean


def best(x_train, y_train, x_test, y_test):
    return min((aligned_rms(ridge(x_train, y_train, x_test, lam), y_test), lam)
               for lam in [0.1, 1, 10, 100, 1e3, 1e4, 1e5])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train")
    parser.add_argument("test", nargs="+")
    parser.add_argument("--noise", type=float, nargs="*", default=[])
    args = parser.parse_args()
    lm_train, px_train, y_train = load(args.train)
    tests = [load(t) for t in args.test]
    lm_test, px_test, y_test = (np.concatenate([t[i] for t in tests]) for i in range(3))
    print(f"{len(y_train)} training samples, {len(y_test)} test samples")
    mean = np.tile(y_train.mean(0), (len(y_test), 1))
    print(f"mean training shape: {aligned_rms(mean, y_test):.3f}")
    print("from 2D landmarks: %.3f (lambda %g)" % best(lm_train, y_train, lm_test, y_test))
    print("from pixels:       %.3f (lambda %g)" % best(px_train, y_train, px_test, y_test))
    rng = np.random.default_rng(0)
    for sigma in args.noise:
        noisy_train = lm_train + rng.normal(0, sigma, lm_train.shape)
        noisy_test = lm_test + rng.normal(0, sigma, lm_test.shape)
        print("from 2D landmarks + %.2f px noise: %.3f (lambda %g)" % (sigma, *best(noisy_train, y_train,
                                                                                    noisy_test, y_test)))


if __name__ == "__main__":
    main()

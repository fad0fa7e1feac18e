/** Synthetic multi-view face samples rendered from a morphable model: the embedded default dataset and test data. */
package org.dfmvr.synth;

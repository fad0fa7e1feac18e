/**
 * Lighting of per-vertex albedo: {@link org.dfmvr.lighting.SphericalHarmonics}, the 27-coefficient SH model of
 * Deep3DFace and DF-MVR. Plain Java: no Spark, no ND4J.
 */
package org.dfmvr.lighting;

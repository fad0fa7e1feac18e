/**
 * 68-point face landmarks for photos without annotations: face-api's landmark network (MIT, weights shipped in
 * models/face-landmark-68 and carried in the jar) ported to plain Java ({@link org.dfmvr.landmarks.Landmark68Net},
 * held to the original by a stored reference), and the plausibility rule that decides which detected points a fit
 * or a loss may trust ({@link org.dfmvr.landmarks.LandmarkPlausibility}). docs/infer.md, "68-point landmarks".
 */
package org.dfmvr.landmarks;

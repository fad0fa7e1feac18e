/**
 * Per-view pose and projection of the face model: {@link org.dfmvr.camera.EulerRotation} (R = Rz·Ry·Rx),
 * {@link org.dfmvr.camera.RigidPose} (model to world) and {@link org.dfmvr.camera.PerspectiveCamera} (world to
 * pixels, Deep3DFace's intrinsics). Plain Java: no Spark, no ND4J.
 */
package org.dfmvr.camera;

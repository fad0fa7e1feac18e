/**
 * Plain-Java 3D geometry for evaluation: similarity transforms, the Umeyama landmark fit, nearest neighbours over
 * points, closest points on triangles and triangle meshes, and ICP assembled from small strategies.
 *
 * <p>Conventions: point sets are flat row-major {@code double[]} or {@code float[]} arrays of shape [N,3] holding
 * x,y,z; indices are 0-based; the length unit is whatever the caller's points use (nothing here converts units).
 * Transform names carry their direction ({@code sourceToTarget}, {@code predictedToScan}). Nothing in this package
 * imports Spark or ND4J (checked by {@code GeometryDependencyRulesTest}); it uses ddogleg for the KD-tree and EJML
 * for 3x3 SVDs and small linear solves.
 *
 * <p>Sources: Umeyama 1991 (similarity fit), Ericson 2005 "Real-Time Collision Detection" §5.1.5 (closest point on
 * a triangle), Besl and McKay 1992 (ICP), Low 2004 (linearised point-to-plane ICP).
 */
package org.dfmvr.geometry;

/**
 * Triangle meshes as plain arrays and their file formats: the {@link org.dfmvr.mesh.TriangleMesh} hand-off type,
 * normals ({@link org.dfmvr.mesh.MeshNormals}), and reading/writing Wavefront OBJ ({@link org.dfmvr.mesh.ObjIo}),
 * Stanford PLY ({@link org.dfmvr.mesh.PlyIo}) and reading glTF binary ({@link org.dfmvr.mesh.GlbReader}).
 *
 * <p>Readers turn malformed files into a {@link org.dfmvr.mesh.MeshFormatException} that names the file and the line
 * or byte offset; polygons are fan-triangulated; indices are 0-based in memory whatever the file uses. Plain Java: no
 * Spark, no ND4J.
 */
package org.dfmvr.mesh;

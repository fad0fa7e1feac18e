/** Triangle meshes: the hand-off type, normals, and mesh file formats (OBJ, PLY, glTF binary). */
package org.dfmvr.mesh;

/** Face detection with five points (YuNet through ONNX Runtime) for sources without landmarks. */
package org.dfmvr.detect;

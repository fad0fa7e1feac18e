package org.dfmvr.mesh;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stanford PLY meshes (Turk, "The PLY polygon file format", 1994; the header grammar of paulbourke.net/dataformats/ply),
 * ASCII and binary, with vertex colours.
 *
 * <p>Reading: formats {@code ascii}, {@code binary_little_endian} and {@code binary_big_endian}; element
 * {@code vertex} must have x, y, z (any numeric type) and may have red, green, blue (uchar read as value/255f, or
 * float/double read as is); element {@code face} must have a list property {@code vertex_indices} (or
 * {@code vertex_index}) with any integer count and index types, 0-based; polygons are fan-triangulated (0,k,k+1).
 * Other elements and properties are skipped. Errors name the header line, the body line (ASCII) or the byte offset
 * (binary).
 *
 * <p>Writing: float x y z, optional uchar red green blue (colour clamped to [0,1], times 255, rounded: colours survive a
 * round trip exactly only when they are multiples of 1/255), and {@code list uchar int vertex_indices}. ASCII floats
 * are written with {@link Float#toString(float)}, which reads back to the same float; positions and triangles round
 * trip exactly in both formats.
 */
public final class PlyIo {
    /** Body encodings we write. */
    public enum Format {
        ASCII("ascii"), BINARY_LITTLE_ENDIAN("binary_little_endian");

        private final String headerName;

        Format(String headerName) {
            this.headerName = headerName;
        }
    }

    private PlyIo() {
    }

    /** Reads a PLY file (any of the three formats). */
    public static TriangleMesh read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Header header = Header.parse(file, bytes);
        header.checkCountsFit(file, bytes.length);
        Body body = header.ascii ? new AsciiBody(file, bytes, header.bodyStart, header.bodyLine)
                : new BinaryBody(file, bytes, header.bodyStart, header.order);
        float[] positions = null, colors = null;
        int[] triangles = new int[0];
        for (Element element : header.elements) {
            if (element.name.equals("vertex")) {
                int[] rgb = {element.find("red"), element.find("green"), element.find("blue")};
                boolean hasColor = rgb[0] >= 0 && rgb[1] >= 0 && rgb[2] >= 0;
                positions = new float[3 * element.count];
                colors = hasColor ? new float[3 * element.count] : null;
                readVertices(file, body, element, positions, colors);
            } else if (element.name.equals("face")) {
                triangles = readFaces(file, body, element);
            } else {
                for (int i = 0; i < element.count; i++) {
                    readRecord(body, element, -1, null);
                }
            }
        }
        if (positions == null) {
            throw new MeshFormatException(file, "header", "no element vertex");
        }
        int v = positions.length / 3;
        for (int i = 0; i < triangles.length; i++) {
            if (triangles[i] < 0 || triangles[i] >= v) {
                throw new MeshFormatException(file, "element face", "triangle " + i / 3 + " refers to vertex "
                        + triangles[i] + ", outside [0," + v + ")");
            }
        }
        return new TriangleMesh(positions, triangles, colors);
    }

    /** Reads the vertex element into positions [V,3] and, when not null, colours [V,3] in [0,1]. */
    private static void readVertices(Path file, Body body, Element element, float[] positions, float[] colors)
            throws MeshFormatException {
        int[] xyz = {element.find("x"), element.find("y"), element.find("z")};
        int[] rgb = {element.find("red"), element.find("green"), element.find("blue")};
        for (int k = 0; k < 3; k++) {
            if (xyz[k] < 0 || element.properties.get(xyz[k]).isList()) {
                throw new MeshFormatException(file, "header", "element vertex has no scalar property "
                        + "xyz".charAt(k));
            }
            if (colors != null) {
                Property c = element.properties.get(rgb[k]);
                if (c.isList() || !(c.type == Type.UCHAR || c.type == Type.FLOAT || c.type == Type.DOUBLE)) {
                    throw new MeshFormatException(file, "header", "vertex colour " + c.name
                            + " must be uchar, float or double, got " + (c.isList() ? "a list" : c.type));
                }
            }
        }
        double[] values = new double[element.properties.size()];
        for (int v = 0; v < element.count; v++) {
            readRecord(body, element, -1, values);
            for (int k = 0; k < 3; k++) {
                positions[3 * v + k] = (float) values[xyz[k]];
                if (colors != null) {
                    // uchar c is c / 255f, the exact inverse of the writer's round(c * 255)
                    boolean eightBit = element.properties.get(rgb[k]).type == Type.UCHAR;
                    colors[3 * v + k] = eightBit ? (float) values[rgb[k]] / 255f : (float) values[rgb[k]];
                }
            }
        }
    }

    /** Reads the face element, fan-triangulating its polygons: [T,3] 0-based vertex indices. */
    private static int[] readFaces(Path file, Body body, Element element) throws MeshFormatException {
        int listIndex = element.find("vertex_indices");
        if (listIndex < 0) {
            listIndex = element.find("vertex_index");
        }
        if (listIndex < 0 || !element.properties.get(listIndex).isList()
                || !element.properties.get(listIndex).type.isInteger()) {
            throw new MeshFormatException(file, "header",
                    "element face has no integer list property vertex_indices (or vertex_index)");
        }
        List<int[]> polygons = new ArrayList<>(element.count);
        int triangleCount = 0;
        for (int f = 0; f < element.count; f++) {
            String where = body.location();
            int[] polygon = readRecord(body, element, listIndex, null);
            if (polygon.length < 3) {
                throw new MeshFormatException(file, where, "face " + f + " must have at least 3 vertices, got "
                        + polygon.length);
            }
            polygons.add(polygon);
            triangleCount += polygon.length - 2;
        }
        int[] triangles = new int[3 * triangleCount];
        int t = 0;
        for (int[] polygon : polygons) {
            for (int k = 1; k + 1 < polygon.length; k++) {
                triangles[t++] = polygon[0];
                triangles[t++] = polygon[k];
                triangles[t++] = polygon[k + 1];
            }
        }
        return triangles;
    }

    /**
     * Reads one record of {@code element}: scalars into {@code scalars[k]} (when not null), the integer list at
     * property {@code keptList} returned (when &gt;= 0), every other list skipped.
     */
    private static int[] readRecord(Body body, Element element, int keptList, double[] scalars)
            throws MeshFormatException {
        int[] kept = null;
        body.startRecord();
        for (int k = 0; k < element.properties.size(); k++) {
            Property p = element.properties.get(k);
            if (k == keptList) {
                kept = body.intList(p);
            } else if (p.isList()) {
                body.skipList(p);
            } else {
                double value = body.scalar(p.type);
                if (scalars != null) {
                    scalars[k] = value;
                }
            }
        }
        body.endRecord();
        return kept;
    }

    /** Writes {@code mesh} as PLY in the given format (vertex colours as uchar RGB when it has them). */
    public static void write(TriangleMesh mesh, Path file, Format format) throws IOException {
        float[] p = mesh.positions(), c = mesh.colors();
        int[] t = mesh.triangles();
        StringBuilder header = new StringBuilder();
        header.append("ply\nformat ").append(format.headerName).append(" 1.0\n")
                .append("element vertex ").append(mesh.vertexCount()).append('\n')
                .append("property float x\nproperty float y\nproperty float z\n");
        if (c != null) {
            header.append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
        }
        header.append("element face ").append(mesh.triangleCount()).append('\n')
                .append("property list uchar int vertex_indices\nend_header\n");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
            if (format == Format.ASCII) {
                StringBuilder line = new StringBuilder(96);
                for (int i = 0; i < p.length; i += 3) {
                    line.setLength(0);
                    line.append(p[i]).append(' ').append(p[i + 1]).append(' ').append(p[i + 2]);
                    if (c != null) {
                        line.append(' ').append(toByte(c[i])).append(' ').append(toByte(c[i + 1])).append(' ')
                                .append(toByte(c[i + 2]));
                    }
                    out.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
                }
                for (int i = 0; i < t.length; i += 3) {
                    out.write(("3 " + t[i] + ' ' + t[i + 1] + ' ' + t[i + 2] + '\n')
                            .getBytes(StandardCharsets.US_ASCII));
                }
            } else {
                ByteBuffer vertex = ByteBuffer.allocate(c != null ? 15 : 12).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < p.length; i += 3) {
                    vertex.clear();
                    vertex.putFloat(p[i]).putFloat(p[i + 1]).putFloat(p[i + 2]);
                    if (c != null) {
                        vertex.put((byte) toByte(c[i])).put((byte) toByte(c[i + 1])).put((byte) toByte(c[i + 2]));
                    }
                    out.write(vertex.array());
                }
                ByteBuffer face = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < t.length; i += 3) {
                    face.clear();
                    face.put((byte) 3).putInt(t[i]).putInt(t[i + 1]).putInt(t[i + 2]);
                    out.write(face.array());
                }
            }
        }
    }

    private static int toByte(float c) {
        return Math.round(Math.max(0f, Math.min(1f, c)) * 255f);
    }

    /** PLY scalar types and their sizes in bytes. */
    private enum Type {
        CHAR(1), UCHAR(1), SHORT(2), USHORT(2), INT(4), UINT(4), FLOAT(4), DOUBLE(8);

        final int size;

        Type(int size) {
            this.size = size;
        }

        static Type of(String name) {
            return switch (name) {
                case "char", "int8" -> CHAR;
                case "uchar", "uint8" -> UCHAR;
                case "short", "int16" -> SHORT;
                case "ushort", "uint16" -> USHORT;
                case "int", "int32" -> INT;
                case "uint", "uint32" -> UINT;
                case "float", "float32" -> FLOAT;
                case "double", "float64" -> DOUBLE;
                default -> null;
            };
        }

        boolean isInteger() {
            return this != FLOAT && this != DOUBLE;
        }
    }

    /** A property: scalar ({@code countType == null}) or list. */
    private record Property(String name, Type type, Type countType) {
        boolean isList() {
            return countType != null;
        }
    }

    private record Element(String name, int count, List<Property> properties) {
        int find(String propertyName) {
            for (int i = 0; i < properties.size(); i++) {
                if (properties.get(i).name.equals(propertyName)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private record Header(boolean ascii, ByteOrder order, List<Element> elements, int bodyStart, int bodyLine) {
        /**
         * Refuses element counts the body cannot hold before anything is allocated: each record takes at least its
         * fixed-size bytes (binary) or two bytes per value (ASCII: a digit and a separator).
         */
        void checkCountsFit(Path file, int fileLength) throws MeshFormatException {
            long needed = 0;
            for (Element e : elements) {
                long perRecord = 0;
                for (Property p : e.properties) {
                    perRecord += ascii ? 2 : p.isList() ? p.countType.size : p.type.size;
                }
                needed += perRecord * e.count;
            }
            if (needed > fileLength - bodyStart) {
                throw new MeshFormatException(file, "byte " + bodyStart, "the header announces records of at least "
                        + needed + " bytes, only " + (fileLength - bodyStart) + " follow (truncated?)");
            }
        }

        static Header parse(Path file, byte[] bytes) throws MeshFormatException {
            int pos = 0, lineNo = 0;
            Boolean ascii = null;
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            List<Element> elements = new ArrayList<>();
            while (true) {
                int end = pos;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                if (end == bytes.length) {
                    throw new MeshFormatException(file, "line " + (lineNo + 1),
                            "header ends before end_header (truncated file or not PLY)");
                }
                String line = new String(bytes, pos, end - pos, StandardCharsets.US_ASCII).trim();
                pos = end + 1;
                lineNo++;
                String where = "line " + lineNo;
                String[] tok = line.split("\\s+");
                if (lineNo == 1) {
                    if (!line.equals("ply")) {
                        throw new MeshFormatException(file, where, "expected magic 'ply', got '" + abbreviate(line)
                                + "'");
                    }
                    continue;
                }
                switch (tok[0]) {
                    case "format" -> {
                        if (tok.length != 3 || !tok[2].equals("1.0")) {
                            throw new MeshFormatException(file, where, "expected 'format <encoding> 1.0', got '"
                                    + line + "'");
                        }
                        switch (tok[1]) {
                            case "ascii" -> ascii = true;
                            case "binary_little_endian" -> ascii = false;
                            case "binary_big_endian" -> {
                                ascii = false;
                                order = ByteOrder.BIG_ENDIAN;
                            }
                            default -> throw new MeshFormatException(file, where, "expected encoding ascii, "
                                    + "binary_little_endian or binary_big_endian, got '" + tok[1] + "'");
                        }
                    }
                    case "element" -> {
                        if (tok.length != 3) {
                            throw new MeshFormatException(file, where, "expected 'element <name> <count>', got '"
                                    + line + "'");
                        }
                        int count;
                        try {
                            count = Integer.parseInt(tok[2]);
                        } catch (NumberFormatException e) {
                            count = -1;
                        }
                        if (count < 0) {
                            throw new MeshFormatException(file, where, "element count must be an integer >= 0, got '"
                                    + tok[2] + "'");
                        }
                        elements.add(new Element(tok[1], count, new ArrayList<>()));
                    }
                    case "property" -> {
                        if (elements.isEmpty()) {
                            throw new MeshFormatException(file, where, "property before any element");
                        }
                        Property p;
                        if (tok.length == 5 && tok[1].equals("list")) {
                            p = new Property(tok[4], type(file, where, tok[3]), type(file, where, tok[2]));
                            if (!p.countType.isInteger()) {
                                throw new MeshFormatException(file, where, "list count type must be an integer "
                                        + "type, got '" + line + "'");
                            }
                        } else if (tok.length == 3) {
                            p = new Property(tok[2], type(file, where, tok[1]), null);
                        } else {
                            throw new MeshFormatException(file, where, "expected 'property <type> <name>' or "
                                    + "'property list <count type> <item type> <name>', got '" + line + "'");
                        }
                        elements.get(elements.size() - 1).properties.add(p);
                    }
                    case "comment", "obj_info", "" -> {
                    }
                    case "end_header" -> {
                        if (ascii == null) {
                            throw new MeshFormatException(file, where, "end_header before any format line");
                        }
                        return new Header(ascii, order, elements, pos, lineNo + 1);
                    }
                    default -> throw new MeshFormatException(file, where, "unknown header keyword '" + tok[0]
                            + "'");
                }
            }
        }

        private static Type type(Path file, String where, String name) throws MeshFormatException {
            Type t = Type.of(name);
            if (t == null) {
                throw new MeshFormatException(file, where, "unknown property type '" + name + "'");
            }
            return t;
        }

        private static String abbreviate(String s) {
            return s.length() > 20 ? s.substring(0, 20) + "..." : s;
        }
    }

    /** The data after the header, read one element record at a time. */
    private interface Body {
        /** Largest list length accepted: far above any polygon, low enough to refuse garbage counts early. */
        int MAX_LIST = 1 << 20;

        void startRecord() throws MeshFormatException;

        double scalar(Type type) throws MeshFormatException;

        void endRecord() throws MeshFormatException;

        /** Where the next value is read from, for error messages. */
        String location();

        /** Reads a list whose items are integers. */
        default int[] intList(Property p) throws MeshFormatException {
            int[] out = new int[listCount(p)];
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) scalar(p.type);
            }
            return out;
        }

        /** Reads past a list of any item type. */
        default void skipList(Property p) throws MeshFormatException {
            int n = listCount(p);
            for (int i = 0; i < n; i++) {
                scalar(p.type);
            }
        }

        private int listCount(Property p) throws MeshFormatException {
            String where = location();
            double n = scalar(p.countType);
            if (n < 0 || n > MAX_LIST) {
                throw new MeshFormatException(fileName(), where, "list " + p.name + " count must be in [0," + MAX_LIST
                        + "], got " + (long) n);
            }
            return (int) n;
        }

        Path fileName();
    }

    /** One record per line, values separated by whitespace. */
    private static final class AsciiBody implements Body {
        private final Path file;
        private final byte[] bytes;
        private int pos;
        private int lineNo;
        private String[] tokens;
        private int next;

        AsciiBody(Path file, byte[] bytes, int start, int firstLine) {
            this.file = file;
            this.bytes = bytes;
            this.pos = start;
            this.lineNo = firstLine - 1;
        }

        @Override
        public void startRecord() throws MeshFormatException {
            String line;
            do {
                if (pos >= bytes.length) {
                    throw new MeshFormatException(file, "line " + (lineNo + 1),
                            "file ends before all elements announced in the header were read");
                }
                int end = pos;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                line = new String(bytes, pos, end - pos, StandardCharsets.US_ASCII).trim();
                pos = end + 1;
                lineNo++;
            } while (line.isEmpty());
            tokens = line.split("\\s+");
            next = 0;
        }

        @Override
        public double scalar(Type type) throws MeshFormatException {
            if (next >= tokens.length) {
                throw new MeshFormatException(file, location(), "record has " + tokens.length
                        + " values, the header describes more");
            }
            String s = tokens[next++];
            try {
                // a float is parsed as a float (not via double), so Float.toString output reads back exactly
                return type.isInteger() ? Long.parseLong(s)
                        : type == Type.FLOAT ? Float.parseFloat(s) : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new MeshFormatException(file, "line " + lineNo, "expected " + type.name().toLowerCase(Locale.ROOT)
                        + " value, got '" + s + "'");
            }
        }

        @Override
        public void endRecord() throws MeshFormatException {
            if (next != tokens.length) {
                throw new MeshFormatException(file, "line " + lineNo, "record has " + tokens.length
                        + " values, the header describes " + next);
            }
        }

        @Override
        public String location() {
            return "line " + lineNo;
        }

        @Override
        public Path fileName() {
            return file;
        }
    }

    /** Packed records in the header's byte order. */
    private static final class BinaryBody implements Body {
        private final Path file;
        private final ByteBuffer buffer;

        BinaryBody(Path file, byte[] bytes, int start, ByteOrder order) {
            this.file = file;
            this.buffer = ByteBuffer.wrap(bytes).order(order);
            this.buffer.position(start);
        }

        @Override
        public void startRecord() {
        }

        @Override
        public double scalar(Type type) throws MeshFormatException {
            if (buffer.remaining() < type.size) {
                throw new MeshFormatException(file, location(), "file ends inside a "
                        + type.name().toLowerCase(Locale.ROOT) + " value (needs " + type.size + " bytes, "
                        + buffer.remaining() + " left): truncated");
            }
            return switch (type) {
                case CHAR -> buffer.get();
                case UCHAR -> buffer.get() & 0xFF;
                case SHORT -> buffer.getShort();
                case USHORT -> buffer.getShort() & 0xFFFF;
                case INT -> buffer.getInt();
                case UINT -> buffer.getInt() & 0xFFFFFFFFL;
                case FLOAT -> buffer.getFloat();
                case DOUBLE -> buffer.getDouble();
            };
        }

        @Override
        public void endRecord() {
        }

        @Override
        public String location() {
            return "byte " + buffer.position();
        }

        @Override
        public Path fileName() {
            return file;
        }
    }
}

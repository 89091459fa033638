package dev.go4j.launcher;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a class file's constant pool (JVMS 4.4) to answer one question: does this class
 * call {@code dev.go4j.Go.run}? A direct call and a method reference ({@code Go::run}) both
 * leave a {@code CONSTANT_Methodref} to it, so no bytecode needs to be read.
 */
final class ClassFileRefs {
    private ClassFileRefs() {}

    static boolean callsGoRun(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Map<Integer, String> utf8 = new HashMap<>();
        int[] classNameIndex = new int[count];   // CONSTANT_Class -> its name's index
        int[][] methodref = new int[count][];    // CONSTANT_Methodref -> {class, nameAndType}
        int[] natName = new int[count];          // CONSTANT_NameAndType -> its name's index
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.put(i, in.readUTF());
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 10 -> methodref[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 9, 11, 17, 18 -> in.readInt();
                case 3, 4 -> in.readInt();
                case 5, 6 -> { in.readLong(); i++; } // takes two slots
                case 12 -> { natName[i] = in.readUnsignedShort(); in.readUnsignedShort(); }
                case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        for (int[] ref : methodref) {
            if (ref == null) continue;
            if ("dev/go4j/Go".equals(utf8.get(classNameIndex[ref[0]])) && "run".equals(utf8.get(natName[ref[1]]))) {
                return true;
            }
        }
        return false;
    }
}

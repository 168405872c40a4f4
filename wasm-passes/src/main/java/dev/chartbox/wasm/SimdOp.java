package dev.chartbox.wasm;

/**
 * The SIMD (0xFD-prefixed) instructions: names by sub-opcode, including relaxed SIMD, and the
 * immediates each one has. Instructions hold them as opcode {@code BASE + sub} (see {@link CodeCodec}).
 */
public final class SimdOp {
    private SimdOp() {}

    /** Opcode of SIMD sub-opcode 0 in an {@link Instr}: above every 0xFC opcode. */
    public static final int BASE = 0xFD000;

    public static final int V128_LOAD = BASE, V128_STORE = BASE + 0x0B, V128_CONST = BASE + 0x0C,
            SHUFFLE = BASE + 0x0D, LOAD32_ZERO = BASE + 0x5C, LOAD64_ZERO = BASE + 0x5D;

    private static final String[] NAMES = {
        "v128.load", "v128.load8x8_s", "v128.load8x8_u", "v128.load16x4_s", "v128.load16x4_u", "v128.load32x2_s",
        "v128.load32x2_u", "v128.load8_splat", "v128.load16_splat", "v128.load32_splat", "v128.load64_splat", "v128.store",
        "v128.const", "i8x16.shuffle", "i8x16.swizzle", "i8x16.splat", "i16x8.splat", "i32x4.splat",
        "i64x2.splat", "f32x4.splat", "f64x2.splat", "i8x16.extract_lane_s", "i8x16.extract_lane_u", "i8x16.replace_lane",
        "i16x8.extract_lane_s", "i16x8.extract_lane_u", "i16x8.replace_lane", "i32x4.extract_lane", "i32x4.replace_lane", "i64x2.extract_lane",
        "i64x2.replace_lane", "f32x4.extract_lane", "f32x4.replace_lane", "f64x2.extract_lane", "f64x2.replace_lane", "i8x16.eq",
        "i8x16.ne", "i8x16.lt_s", "i8x16.lt_u", "i8x16.gt_s", "i8x16.gt_u", "i8x16.le_s",
        "i8x16.le_u", "i8x16.ge_s", "i8x16.ge_u", "i16x8.eq", "i16x8.ne", "i16x8.lt_s",
        "i16x8.lt_u", "i16x8.gt_s", "i16x8.gt_u", "i16x8.le_s", "i16x8.le_u", "i16x8.ge_s",
        "i16x8.ge_u", "i32x4.eq", "i32x4.ne", "i32x4.lt_s", "i32x4.lt_u", "i32x4.gt_s",
        "i32x4.gt_u", "i32x4.le_s", "i32x4.le_u", "i32x4.ge_s", "i32x4.ge_u", "f32x4.eq",
        "f32x4.ne", "f32x4.lt", "f32x4.gt", "f32x4.le", "f32x4.ge", "f64x2.eq",
        "f64x2.ne", "f64x2.lt", "f64x2.gt", "f64x2.le", "f64x2.ge", "v128.not",
        "v128.and", "v128.andnot", "v128.or", "v128.xor", "v128.bitselect", "v128.any_true",
        "v128.load8_lane", "v128.load16_lane", "v128.load32_lane", "v128.load64_lane", "v128.store8_lane", "v128.store16_lane",
        "v128.store32_lane", "v128.store64_lane", "v128.load32_zero", "v128.load64_zero", "f32x4.demote_f64x2_zero", "f64x2.promote_low_f32x4",
        "i8x16.abs", "i8x16.neg", "i8x16.popcnt", "i8x16.all_true", "i8x16.bitmask", "i8x16.narrow_i16x8_s",
        "i8x16.narrow_i16x8_u", "f32x4.ceil", "f32x4.floor", "f32x4.trunc", "f32x4.nearest", "i8x16.shl",
        "i8x16.shr_s", "i8x16.shr_u", "i8x16.add", "i8x16.add_sat_s", "i8x16.add_sat_u", "i8x16.sub",
        "i8x16.sub_sat_s", "i8x16.sub_sat_u", "f64x2.ceil", "f64x2.floor", "i8x16.min_s", "i8x16.min_u",
        "i8x16.max_s", "i8x16.max_u", "f64x2.trunc", "i8x16.avgr_u", "i16x8.extadd_pairwise_i8x16_s", "i16x8.extadd_pairwise_i8x16_u",
        "i32x4.extadd_pairwise_i16x8_s", "i32x4.extadd_pairwise_i16x8_u", "i16x8.abs", "i16x8.neg", "i16x8.q15mulr_sat_s", "i16x8.all_true",
        "i16x8.bitmask", "i16x8.narrow_i32x4_s", "i16x8.narrow_i32x4_u", "i16x8.extend_low_i8x16_s", "i16x8.extend_high_i8x16_s", "i16x8.extend_low_i8x16_u",
        "i16x8.extend_high_i8x16_u", "i16x8.shl", "i16x8.shr_s", "i16x8.shr_u", "i16x8.add", "i16x8.add_sat_s",
        "i16x8.add_sat_u", "i16x8.sub", "i16x8.sub_sat_s", "i16x8.sub_sat_u", "f64x2.nearest", "i16x8.mul",
        "i16x8.min_s", "i16x8.min_u", "i16x8.max_s", "i16x8.max_u", null, "i16x8.avgr_u",
        "i16x8.extmul_low_i8x16_s", "i16x8.extmul_high_i8x16_s", "i16x8.extmul_low_i8x16_u", "i16x8.extmul_high_i8x16_u", "i32x4.abs", "i32x4.neg",
        null, "i32x4.all_true", "i32x4.bitmask", null, null, "i32x4.extend_low_i16x8_s",
        "i32x4.extend_high_i16x8_s", "i32x4.extend_low_i16x8_u", "i32x4.extend_high_i16x8_u", "i32x4.shl", "i32x4.shr_s", "i32x4.shr_u",
        "i32x4.add", null, null, "i32x4.sub", null, null,
        null, "i32x4.mul", "i32x4.min_s", "i32x4.min_u", "i32x4.max_s", "i32x4.max_u",
        "i32x4.dot_i16x8_s", null, "i32x4.extmul_low_i16x8_s", "i32x4.extmul_high_i16x8_s", "i32x4.extmul_low_i16x8_u", "i32x4.extmul_high_i16x8_u",
        "i64x2.abs", "i64x2.neg", null, "i64x2.all_true", "i64x2.bitmask", null,
        null, "i64x2.extend_low_i32x4_s", "i64x2.extend_high_i32x4_s", "i64x2.extend_low_i32x4_u", "i64x2.extend_high_i32x4_u", "i64x2.shl",
        "i64x2.shr_s", "i64x2.shr_u", "i64x2.add", null, null, "i64x2.sub",
        null, null, null, "i64x2.mul", "i64x2.eq", "i64x2.ne",
        "i64x2.lt_s", "i64x2.gt_s", "i64x2.le_s", "i64x2.ge_s", "i64x2.extmul_low_i32x4_s", "i64x2.extmul_high_i32x4_s",
        "i64x2.extmul_low_i32x4_u", "i64x2.extmul_high_i32x4_u", "f32x4.abs", "f32x4.neg", null, "f32x4.sqrt",
        "f32x4.add", "f32x4.sub", "f32x4.mul", "f32x4.div", "f32x4.min", "f32x4.max",
        "f32x4.pmin", "f32x4.pmax", "f64x2.abs", "f64x2.neg", null, "f64x2.sqrt",
        "f64x2.add", "f64x2.sub", "f64x2.mul", "f64x2.div", "f64x2.min", "f64x2.max",
        "f64x2.pmin", "f64x2.pmax", "i32x4.trunc_sat_f32x4_s", "i32x4.trunc_sat_f32x4_u", "f32x4.convert_i32x4_s", "f32x4.convert_i32x4_u",
        "i32x4.trunc_sat_f64x2_s_zero", "i32x4.trunc_sat_f64x2_u_zero", "f64x2.convert_low_i32x4_s", "f64x2.convert_low_i32x4_u", "i8x16.relaxed_swizzle", "i32x4.relaxed_trunc_f32x4_s",
        "i32x4.relaxed_trunc_f32x4_u", "i32x4.relaxed_trunc_f64x2_s_zero", "i32x4.relaxed_trunc_f64x2_u_zero", "f32x4.relaxed_madd", "f32x4.relaxed_nmadd", "f64x2.relaxed_madd",
        "f64x2.relaxed_nmadd", "i8x16.relaxed_laneselect", "i16x8.relaxed_laneselect", "i32x4.relaxed_laneselect", "i64x2.relaxed_laneselect", "f32x4.relaxed_min",
        "f32x4.relaxed_max", "f64x2.relaxed_min", "f64x2.relaxed_max", "i16x8.relaxed_q15mulr_s", "i16x8.relaxed_dot_i8x16_i7x16_s", "i32x4.relaxed_dot_i8x16_i7x16_add_s",
    };

    public static boolean isSimd(int op) {
        return op >= BASE;
    }

    public static int sub(int op) {
        return op - BASE;
    }

    /** The text-format name, or null for an unassigned sub-opcode. */
    public static String name(int sub) {
        return sub >= 0 && sub < NAMES.length ? NAMES[sub] : null;
    }

    /** Loads and stores with a memory argument: 0x00-0x0B, the lane forms 0x54-0x5B, 0x5C-0x5D. */
    public static boolean hasMemarg(int sub) {
        return sub <= 0x0B || (sub >= 0x54 && sub <= 0x5D);
    }

    /** Instructions with a lane index byte: extract/replace lane and the lane loads/stores. */
    public static boolean hasLane(int sub) {
        return (sub >= 0x15 && sub <= 0x22) || (sub >= 0x54 && sub <= 0x5B);
    }

    /**
     * The operand and result types as value-type letters before and after {@code >}: {@code V} v128,
     * {@code i} i32, {@code I} i64, {@code f} f32, {@code F} f64. E.g. {@code "iV>"} for v128.store.
     */
    public static String signature(int sub) {
        String n = name(sub);
        if (n == null) {
            throw new WasmFormatException("unknown SIMD opcode 0x" + Integer.toHexString(sub));
        }
        if (sub <= 0x0A || sub == 0x5C || sub == 0x5D) {
            return "i>V";
        }
        if (sub == 0x0B || (sub >= 0x58 && sub <= 0x5B)) {
            return "iV>";
        }
        if (sub >= 0x54 && sub <= 0x57) {
            return "iV>V";
        }
        if (sub == 0x0C) {
            return ">V";
        }
        String scalar = switch (n.substring(0, 5)) {
            case "i64x2" -> "I";
            case "f32x4" -> "f";
            case "f64x2" -> "F";
            default -> "i";
        };
        if (n.endsWith(".splat")) {
            return scalar + ">V";
        }
        if (n.contains("extract_lane")) {
            return "V>" + scalar;
        }
        if (n.contains("replace_lane")) {
            return "V" + scalar + ">V";
        }
        if (n.endsWith("any_true") || n.endsWith("all_true") || n.endsWith("bitmask")) {
            return "V>i";
        }
        if (n.endsWith(".shl") || n.endsWith(".shr_s") || n.endsWith(".shr_u")) {
            return "Vi>V";
        }
        if (n.endsWith("bitselect") || n.contains("madd") || n.contains("laneselect") || n.endsWith("_add_s")) {
            return "VVV>V";
        }
        for (String unary : new String[] {".not", ".abs", ".neg", ".popcnt", ".sqrt", ".ceil", ".floor", ".trunc",
                ".nearest", "extend_", "convert_", "demote", "promote", "extadd"}) {
            if (n.contains(unary)) {
                return "V>V";
            }
        }
        return "VV>V";
    }

    /** v128.const and i8x16.shuffle carry 16 immediate bytes. */
    public static boolean hasBytes16(int sub) {
        return sub == 0x0C || sub == 0x0D;
    }
}

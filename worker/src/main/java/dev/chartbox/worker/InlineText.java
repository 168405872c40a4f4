package dev.chartbox.worker;

/**
 * Cuts text to what a result record carries inline, measured as it will be on the wire: UTF-8 JSON
 * string content, escapes included (a control character costs up to 6 bytes as a unicode escape),
 * cut at a character boundary (never inside a UTF-8 sequence or a surrogate pair). Measuring the
 * escaped form is what makes the size of a result record a bound and not a hope.
 */
final class InlineText {

    /** The head of stdout or stderr a result carries; the whole stream goes to S3 when longer. */
    static final int STREAM_HEAD_BYTES = 64 * 1024;
    /** An error message (the whole traceback is also in stderr). */
    static final int ERROR_MESSAGE_BYTES = 8 * 1024;
    static final int TRACEBACK_BYTES = 64 * 1024;

    private InlineText() {}

    /** The longest prefix of {@code text} whose JSON string content is at most {@code maxBytes}. */
    static String head(String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        long size = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            size += jsonBytes(codePoint);
            if (size > maxBytes) {
                return text.substring(0, i);
            }
            i += Character.charCount(codePoint);
        }
        return text;
    }

    /** Bytes of one code point inside a JSON string as Jackson writes it (an upper bound). */
    static int jsonBytes(int codePoint) {
        if (codePoint == '"' || codePoint == '\\' || codePoint == '\n' || codePoint == '\r' || codePoint == '\t'
                || codePoint == '\b' || codePoint == '\f') {
            return 2;
        }
        if (codePoint < 0x20) {
            return 6; // a six-byte unicode escape
        }
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        if (codePoint < 0x10000) {
            return Character.isSurrogate((char) codePoint) ? 6 : 3; // an unpaired surrogate is escaped
        }
        return 4;
    }
}

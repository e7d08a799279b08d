package io.railhead.channel;

/**
 * Why a file dropped by a channel or a partner could not be used as a whole or in part: the reason
 * codes of the file exception list ({@code GET /api/file-exceptions}, table {@code file_exception})
 * and of the EDI transports' entries in the EDI exception list. docs/runbook.md says what to do
 * about each.
 */
public enum FileRejection {
    /** 0 bytes. */
    EMPTY_FILE,
    /** Could not be read, or is not text in the expected encoding. */
    UNREADABLE,
    /** Over the transport's size limit; refused from its length, without reading it. */
    TOO_LARGE,
    /** The header lacks required columns. */
    MISSING_COLUMNS,
    /** Rows could be read, but not one of them made a usable record. */
    NOTHING_USABLE,
    /** The file was used, but some rows were malformed and their records held back. */
    ROWS_REJECTED,
    /** The file was read, but what it held could not be handed on (broker or database down). */
    INTAKE_FAILED
}

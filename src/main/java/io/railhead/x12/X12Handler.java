package io.railhead.x12;

/**
 * Receives the content of an interchange as the {@link X12Parser} reads it: nested structures
 * (interchange, group, transaction set, loop, segment, composite) and element values. The Smooks
 * reader turns these into SAX events; tests and writers' self-checks may listen directly.
 */
public interface X12Handler {

    /** A structure opens; {@code repeating} when the schema allows it more than once in its parent. */
    void start(String name, boolean repeating);

    /** A non-empty simple element or component. */
    void value(String name, String value);

    void end(String name);

    /** A handler that ignores the content (to check a document without binding it). */
    X12Handler NONE = new X12Handler() {
        @Override
        public void start(String name, boolean repeating) {
        }

        @Override
        public void value(String name, String value) {
        }

        @Override
        public void end(String name) {
        }
    };
}

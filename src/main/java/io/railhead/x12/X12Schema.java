package io.railhead.x12;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structure of one X12 transaction set of one version, as its DFDL schema in
 * {@code mappings/edi/x12/<version>/<set>.dfdl.xsd} declares it: segments and loops in order with
 * their occurrence limits, and each segment's elements with requirement, type, length and codes.
 * The streaming reader checks input against it and the writers check output against it.
 */
public record X12Schema(String transactionSet, String version, Loop body, Map<String, SegmentDef> dictionary) {

    /** A data element (or composite with components) of a segment. */
    public record ElementDef(String name, int position, boolean mandatory, String type, int minLength,
                             int maxLength, Set<String> codes, String reference, List<ElementDef> components) {

        public boolean composite() {
            return components != null && !components.isEmpty();
        }
    }

    /** A segment: its id (the initiator, e.g. BEG) and elements by position. */
    public record SegmentDef(String id, List<ElementDef> elements) {
    }

    /** One entry of a loop's sequence: a segment or a nested loop. */
    public sealed interface Node permits SegmentRef, Loop {
        int minOccurs();

        int maxOccurs();

        /** The segment id that starts this node. */
        String trigger();
    }

    public record SegmentRef(SegmentDef segment, int minOccurs, int maxOccurs) implements Node {
        @Override
        public String trigger() {
            return segment.id();
        }
    }

    /** A loop: repeats as a unit, started by its first segment. */
    public record Loop(String name, int minOccurs, int maxOccurs, List<Node> children) implements Node {
        @Override
        public String trigger() {
            return children.get(0).trigger();
        }
    }

    public static final int UNBOUNDED = Integer.MAX_VALUE;
}

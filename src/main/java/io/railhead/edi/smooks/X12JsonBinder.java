package io.railhead.edi.smooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import org.smooks.api.ExecutionContext;
import org.smooks.api.TypedKey;
import org.smooks.api.resource.visitor.sax.ng.ElementVisitor;
import org.w3c.dom.CharacterData;
import org.w3c.dom.Element;

/**
 * Smooks visitor that binds the X12 SAX stream straight to a JSON tree (no XML text, no DOM kept):
 * structures become objects, element values strings, and what may repeat (per the schema) arrays.
 * The tree of the whole file is put in the bean context as {@code x12}: {@code {"Interchange":
 * [{"ISA":{..}, "FunctionalGroup":[{"GS":{..}, "TransactionSet":[{"ST":{..}, "BEG":{..}, ...}]}]}]}},
 * which the EDI mappings in {@code mappings/edi/} read.
 */
public class X12JsonBinder implements ElementVisitor {

    private static final TypedKey<Deque<Frame>> STACK = TypedKey.of("railhead.x12.stack");

    private static final class Frame {
        final ObjectNode node = JsonNodeFactory.instance.objectNode();
        StringBuilder text;
        boolean structure;
    }

    @Override
    public void visitBefore(Element element, ExecutionContext context) {
        Deque<Frame> stack = context.get(STACK);
        if (stack == null) {
            stack = new ArrayDeque<>();
            context.put(STACK, stack);
        }
        if (!stack.isEmpty()) {
            stack.peek().structure = true;
        }
        stack.push(new Frame());
    }

    @Override
    public void visitChildText(CharacterData text, ExecutionContext context) {
        Frame top = context.get(STACK).peek();
        if (top.text == null) {
            top.text = new StringBuilder();
        }
        top.text.append(text.getData());
    }

    @Override
    public void visitChildElement(Element element, ExecutionContext context) {
    }

    @Override
    public void visitAfter(Element element, ExecutionContext context) {
        Deque<Frame> stack = context.get(STACK);
        Frame frame = stack.pop();
        JsonNode value = frame.structure || frame.text == null
                ? frame.node : JsonNodeFactory.instance.textNode(frame.text.toString());
        String name = element.getLocalName() != null ? element.getLocalName() : element.getTagName();
        if (stack.isEmpty()) {
            context.getBeanContext().addBean("x12", value);
            return;
        }
        ObjectNode parent = stack.peek().node;
        if ("true".equals(element.getAttribute("repeat"))) {
            parent.withArray(name).add(value);
        } else {
            parent.set(name, value);
        }
    }
}

package io.railhead.support;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WireMock extension that keeps the answers of the stubs naming it ({@code withTransformers(HeldAnswers.NAME)})
 * until the test lets them go: an endpoint hanging in the middle of a call for exactly as long as the test needs,
 * without a sleep on either side. An answer held {@link #MAX_HOLD_SECONDS} goes anyway, so a failing test never
 * leaves the server's threads stuck.
 */
public final class HeldAnswers implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "held";
    /** Below the channel clients' 30 s timeout: the held call is answered, never timed out. */
    static final long MAX_HOLD_SECONDS = 25;

    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger holding = new AtomicInteger();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        holding.incrementAndGet();
        try {
            gate.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            holding.decrementAndGet();
        }
        return serveEvent.getResponseDefinition();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    /** Calls being held now. */
    public int holding() {
        return holding.get();
    }

    /** Lets every held answer go, and those to come. */
    public void release() {
        gate.countDown();
    }
}

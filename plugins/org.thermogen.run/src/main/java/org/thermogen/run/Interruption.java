package org.thermogen.run;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Runs a command so that Ctrl-C (SIGINT) and SIGTERM stop it the way a cancelled job stops:
 * the JVM's shutdown hook interrupts the command's thread and waits for it, so the job hears
 * a {@link java.util.concurrent.CancellationException}, writes the loss history it has heard
 * and keeps its last complete checkpoint, instead of vanishing mid-epoch.
 *
 * <p>The JVM's exit status after a signal stays the shell's convention (130 for SIGINT, 143
 * for SIGTERM). {@code kill -9} runs no hook; the periodic checkpoint (written atomically)
 * is what survives it.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(Interruption.run("thermogen", 512L << 20, () -> execute(args)));
 * }
 * }</pre>
 */
public final class Interruption {
    /** How long a signalled command gets to write its history before the JVM halts anyway. */
    public static final Duration GRACE = Duration.ofSeconds(20);

    private Interruption() {
    }

    /**
     * Runs {@code command} on a thread of its own with a stack of {@code stackBytes} and returns
     * its exit status; a signal interrupts that thread and the JVM waits up to {@link #GRACE}
     * for it to finish.
     */
    public static int run(String name, long stackBytes, IntSupplier command) {
        int[] status = {2};
        Thread worker = new Thread(null, () -> status[0] = command.getAsInt(), name, stackBytes);
        Thread hook = new Thread(() -> {
            if (worker.isAlive()) {
                worker.interrupt();
                try {
                    worker.join(GRACE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, name + " interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down after a signal: its exit status stands.
        }
        return status[0];
    }
}

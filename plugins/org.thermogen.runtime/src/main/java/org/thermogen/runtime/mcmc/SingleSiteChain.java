package org.thermogen.runtime.mcmc;

/** A Markov chain that updates one unit at a time: what a sampler needs from any kernel. */
public interface SingleSiteChain {

    /** One pass over all units. */
    void sweep();

    /** The current state. Live: copy it to keep it. */
    double[] state();

    /** Fraction of updates that changed their unit so far. */
    double flipRate();
}

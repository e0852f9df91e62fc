package org.thermogen.lang.semantics;

import java.util.List;
import org.thermogen.lang.thermogen.Diffusion;
import org.thermogen.lang.thermogen.Member;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Network;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Variable;
import org.thermogen.runtime.model.Domain;
/**
 * A diffusion model: {@code diffusion with S denoiser Eps predicts P} over one real observed
 * variable, the denoiser taking the data and the time. Trained with ddpm, sampled with ddpm or
 * ddim.
 */
public final class DiffusionHierarchy extends Hierarchy {
    /** The predictions a denoiser may be trained for. */
    public static final List<String> PREDICTIONS = List.of("noise", "x0", "sample", "velocity");

    private Diffusion diffusion;
    private NetworkAnalysis denoiser;
    private String prediction;

    DiffusionHierarchy(Model model, ModelAnalysis analysis) {
        super(model, analysis);
    }

    @Override
    public Kind kind() {
        return Kind.DIFFUSION;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.diffusion(this);
    }

    @Override
    public String describe() {
        return "a diffusion model: " + diffusion.getSchedule().getName() + " schedule, denoiser " + denoiser.name() + " ("
                + denoiser.describe() + ") predicting " + prediction;
    }

    public Diffusion diffusion() {
        return diffusion;
    }

    public NetworkAnalysis denoiser() {
        return denoiser;
    }

    /** {@code noise}, {@code x0} or {@code velocity}. */
    public String prediction() {
        return prediction;
    }

    @Override
    void analyse(Members members) {
        List<Diffusion> diffusions = members.diffusions();
        if (diffusions.size() > 1) {
            error(diffusions.get(1), null, "a model has one diffusion clause", IssueCodes.SECOND_DIFFUSION);
        }
        for (Variable l : members.latents()) {
            error(l, Literals.SYMBOL__NAME, "a diffusion model's latents are its noisy steps: remove latent " + l.getName(),
                    IssueCodes.DIFFUSION_LATENT);
        }
        diffusion(diffusions.get(0));
    }

    private void diffusion(Diffusion d) {
        diffusion = d;
        prediction = d.getPrediction() == null ? "noise" : d.getPrediction();
        if (!PREDICTIONS.contains(prediction)) {
            error(d, Literals.DIFFUSION__PREDICTION, "a denoiser predicts " + String.join(", ", PREDICTIONS) + ", not "
                    + prediction + Suggestions.didYouMean(prediction, PREDICTIONS), IssueCodes.PREDICTION,
                    Suggestions.data(prediction, PREDICTIONS));
        }
        if (analysis.info(observed) != null && analysis.info(observed).domain() != Domain.REAL) {
            error(observed, Literals.VARIABLE__DOMAIN, "diffusion adds Gaussian noise: " + observed.getName() + " must be real"
                    + " (scale binary data to [-1, 1] and declare it real)", IssueCodes.DIFFUSION_DOMAIN);
        }
        Network net = d.getDenoiser();
        if (net == null || net.eIsProxy()) {
            return;
        }
        denoiser = NetworkAnalysis.of(net);
        int n = size(observed);
        if (denoiser.output() != null && !denoiser.output().activation().equals("identity")) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " ends in " + denoiser.output().activation() + "; a denoiser's"
                    + " output is unbounded: write " + denoiser.output().width() + " without an activation", "denoiser-activation");
        }
        for (Member m : model.getMembers()) {
            if (m instanceof Param p) {
                error(p, Literals.SYMBOL__NAME, "a diffusion model's parameters are its denoiser's: remove param " + p.getName(),
                        IssueCodes.DIFFUSION_PARAM);
            }
        }
        if (denoiser.timeWidth() == 0) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " does not take the time: write mlp(" + observed.getName()
                    + " + time(64) -> ...)", IssueCodes.NO_TIME);
        }
        int dataIn = denoiser.dataInputSize();
        for (Variable v : denoiser.variableInputs()) {
            if (!v.getName().equals(observed.getName())) {
                error(d, Literals.DIFFUSION__DENOISER, net.getName() + " takes " + v.getName() + " but " + model.getName()
                        + " observes " + observed.getName(), IssueCodes.DENOISER_INPUT);
                return;
            }
            dataIn += n;
        }
        if (n > 0 && dataIn != n) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " takes " + dataIn + " data inputs but "
                    + written(observed, n) + " has " + n, IssueCodes.DENOISER_INPUT);
        }
        if (denoiser.output() == null) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " ends in heads [...]; a denoiser has one output of " + n,
                    "denoiser-heads");
        } else if (n > 0 && denoiser.output().width() != n) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " outputs " + denoiser.output().width() + " values but "
                    + written(observed, n) + " has " + n, IssueCodes.DENOISER_OUTPUT);
        }
    }
}

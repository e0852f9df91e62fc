package org.thermogen.lang.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.xtext.validation.Check;
import org.thermogen.lang.analysis.ModelFacts;
import org.thermogen.lang.catalog.Binding;
import org.thermogen.lang.catalog.Kind;
import org.thermogen.lang.catalog.Parameter;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.Hierarchy;
import org.thermogen.lang.semantics.IssueCodes;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.NetworkAnalysis;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.Member;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Network;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.Schedule;
import org.thermogen.lang.thermogen.Symbol;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Train;
import org.thermogen.lang.thermogen.Value;

/**
 * Checks of a model's declarations, one rule each: unique names, initial values, what the
 * analyses found (shapes, indices, sizes, the latent hierarchy, the energy's family, said as
 * information), one train clause, networks, noise schedules and the show clause. The
 * analyses are {@link ModelFacts}, computed once per resource.
 */
public class ModelChecks extends ThermogenChecks {

    @Check
    public void checkNamesAreUnique(Model model) {
        Set<String> names = new HashSet<>();
        for (Member m : model.getMembers()) {
            if (m instanceof Symbol sym && sym.getName() != null && !names.add(sym.getName())) {
                error("duplicate name " + sym.getName() + " in model " + model.getName(), m, Literals.SYMBOL__NAME,
                        IssueCodes.DUPLICATE_MEMBER);
            }
            if (m instanceof org.thermogen.lang.thermogen.Energy en && en.getName() != null && !names.add(en.getName())) {
                error("duplicate name " + en.getName() + " in model " + model.getName(), m, Literals.ENERGY__NAME,
                        IssueCodes.DUPLICATE_MEMBER);
            }
        }
    }

    @Check
    public void checkInitialValues(Model model) {
        for (Member m : model.getMembers()) {
            if (m instanceof Param p && p.getInit() != null && ConstantFolder.value(p.getInit()) == null) {
                if (p.getInit() instanceof Call c) {
                    Binding.bind(c, Kind.INIT, List.of(), null, this::report);
                } else {
                    error("init takes a number or an initializer: " + String.join(", ", names(Kind.INIT)), p,
                            Literals.PARAM__INIT, IssueCodes.TYPE);
                }
            }
        }
    }

    /** What the analyses found, at the tokens; what was recognized, as information at the model's name. */
    @Check
    public void checkAnalyses(Model model) {
        ModelFacts facts = ModelFacts.of(model);
        ModelAnalysis analysis = facts.analysis();
        report(analysis.issues());
        if (facts.tooLarge() != null) {
            report(List.of(facts.tooLarge()));
            return;  // nothing past this point can hold a model that large
        }
        Hierarchy hierarchy = facts.hierarchy();
        if (hierarchy != null) {
            report(hierarchy.issues());
            if (!analysis.hasErrors() && !hierarchy.hasErrors()) {
                info("Recognized: " + hierarchy.describe(), model, Literals.SYMBOL__NAME, ThermogenValidator.RECOGNIZED);
            }
        }
        if (facts.structure() != null) {
            info("Recognized: " + facts.structure().explanation(), model, Literals.SYMBOL__NAME,
                    ThermogenValidator.RECOGNIZED);
        }
    }

    @Check
    public void checkOneTrainClause(Model model) {
        List<Train> trains = new ArrayList<>();
        for (Member m : model.getMembers()) {
            if (m instanceof Train t) {
                trains.add(t);
            }
        }
        for (int i = 1; i < trains.size(); i++) {
            error("a model has one train clause", trains.get(i), null, IssueCodes.SECOND_TRAIN);
        }
    }

    // ------------------------------------------------------------------ networks and schedules

    @Check
    public void checkNetwork(Network network) {
        NetworkAnalysis a = NetworkAnalysis.of(network);
        report(a.issues());
    }

    /**
     * The longest noise schedule: sampling runs the denoiser once per step, and checking a
     * schedule written as a formula evaluates every step.
     */
    static final int MAX_SCHEDULE_STEPS = 100_000;

    private static String tooManySteps(double steps) {
        return "a noise schedule has at most " + MAX_SCHEDULE_STEPS + " steps, not " + (long) steps
                + " (sampling runs the denoiser once per step; DDPM uses 1000)";
    }

    @Check
    public void checkSchedule(Schedule schedule) {
        if (schedule.getCall() != null) {
            Binding b = Binding.bind(schedule.getCall(), Kind.NOISE_SCHEDULE, List.of(), null, this::report);
            if (b != null) {
                for (Map.Entry<Parameter, Object> v : b.values().entrySet()) {
                    Double steps = v.getValue() instanceof Value value ? ConstantFolder.value(value) : null;
                    if (v.getKey().key().equals("steps") && steps != null && steps > MAX_SCHEDULE_STEPS) {
                        error(tooManySteps(steps), (Value) v.getValue(), null, IssueCodes.TOO_MANY_STEPS);
                    }
                }
            }
            return;
        }
        Integer steps = ConstantFolder.intValue(schedule.getSteps());
        if (steps == null || steps < 1) {
            error("steps must be a whole number, at least 1", schedule, Literals.SCHEDULE__STEPS, IssueCodes.BAD_STEPS);
            return;
        }
        if (steps > MAX_SCHEDULE_STEPS) {
            error(tooManySteps(steps), schedule, Literals.SCHEDULE__STEPS, IssueCodes.TOO_MANY_STEPS);
            return;
        }
        for (int t = 1; t <= steps; t++) {
            Double beta = ConstantFolder.value(schedule.getBody(), Map.of(schedule.getStep(), (double) t, schedule,
                    (double) steps));
            if (beta == null) {
                boolean unresolved = org.eclipse.xtext.EcoreUtil2.eAllOfType(schedule.getBody(),
                        org.thermogen.lang.thermogen.SymbolRef.class).stream().anyMatch(r -> r.getSymbol().eIsProxy());
                if (unresolved) {
                    return;
                }
                error("beta(" + schedule.getStep().getName() + ") is a formula in " + schedule.getStep().getName()
                        + ", T (the number of steps), numbers and constants, with exp, log, sqrt, cos, sin, tanh",
                        schedule, Literals.SCHEDULE__BODY, IssueCodes.SCHEDULE_FORMULA);
                return;
            }
            if (!(beta > 0 && beta < 1)) {
                error("beta(" + t + ") = " + beta + ": every beta must lie strictly between 0 and 1 (steps "
                        + schedule.getStep().getName() + " = 1.." + steps + ")", schedule, Literals.SCHEDULE__BODY,
                        IssueCodes.BETA_RANGE);
                return;
            }
        }
    }

    @Check
    public void checkShow(org.thermogen.lang.thermogen.Show show) {
        Binding b = Binding.bind(show.getPicture(), Kind.PICTURE, List.of(), null, this::report);
        if (b == null || !b.entry().name().equals("images")) {
            return;
        }
        Model model = (Model) show.eContainer();
        ModelAnalysis analysis = ModelFacts.of(model).analysis();
        Double h = ConstantFolder.value((Value) b.values().get(b.entry().parameter("height").orElseThrow()));
        Double w = ConstantFolder.value((Value) b.values().get(b.entry().parameter("width").orElseThrow()));
        if (h != null && w != null && h * w != analysis.observedSize()) {
            error("images(" + h.intValue() + ", " + w.intValue() + ") shows " + (int) (h * w) + " units per sample but "
                    + model.getName() + " observes " + analysis.observedSize(), show.getPicture(), null,
                    IssueCodes.PICTURE_SIZE);
        }
    }

}

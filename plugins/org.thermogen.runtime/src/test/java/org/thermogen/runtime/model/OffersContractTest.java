package org.thermogen.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.diffusion.DiffusionModel;
import org.thermogen.runtime.diffusion.DiffusionStructure;
import org.thermogen.runtime.diffusion.NoiseSchedule;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.gaussian.GaussianForm;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.MixtureForm;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.sample.ExactDraws;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.testmodels.FamilyModel;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.GaussianModel;
import org.thermogen.runtime.testmodels.MixtureModel;
import org.thermogen.runtime.vae.Vae;
import org.thermogen.runtime.vae.VaeSpec;
import org.thermogen.runtime.vae.VaeStructure;

/**
 * What a family declares it offers ({@link Offers}, read by {@code thermogen check} before a
 * model exists) is what its built models give an algorithm that asks
 * ({@link Model#capability(Class)}), and nothing else: otherwise {@code check} would accept
 * what a run refuses, or the reverse.
 */
class OffersContractTest {
    /** Every capability type an algorithm of the runtime asks for. */
    private static final List<Class<?>> ASKED = List.of(PairwiseForm.class, BipartiteForm.class, GaussianForm.class,
            MixtureForm.class, Vae.class, DiffusionModel.class, ExactDraws.class);

    private static List<Model> oneOfEachFamily() {
        Vae vae = new Vae("V", VaeSpec.builder(4).hidden(5, Activation.RELU).latent(2).build());
        DiffusionModel diffusion = DiffusionModel.builder("D", 2).schedule(NoiseSchedule.cosine(10)).timeEmbedding(4)
                .hidden(8, Activation.SILU).build();
        return List.of(new FullyVisible(4, Domain.SPIN), new BipartiteMachine(3, 2, Domain.BINARY, Domain.BINARY),
                new GaussianModel(2), new MixtureModel(2, 2, CovarianceType.FULL, null, List.of(), List.of()),
                new FamilyModel(vae.modelSpec(), new VaeStructure(vae)),
                new FamilyModel(diffusion.spec(), new DiffusionStructure(diffusion)));
    }

    @Test
    void aBuiltModelOffersWhatItsFamilyDeclares() {
        for (Model model : oneOfEachFamily()) {
            Structure structure = model.structure();
            ModelOutline outline = ModelOutline.of(model);
            assertNotNull(structure.getClass().getAnnotation(Offers.class),
                    structure.getClass().getSimpleName() + " declares no @Offers");
            for (Class<?> type : ASKED) {
                Optional<?> found = model.capability(type);
                assertEquals(outline.offers(type), found.isPresent(),
                        model + " (" + structure.describe() + "): declared and built disagree on " + type.getSimpleName());
                found.ifPresent(c -> assertTrue(type.isInstance(c)));
            }
        }
    }

    @Test
    void eachFamilyOffersItsOwnForm() {
        List<Set<Class<?>>> expected = List.of(Set.of(PairwiseForm.class), Set.of(BipartiteForm.class, ExactDraws.class),
                Set.of(GaussianForm.class, ExactDraws.class), Set.of(MixtureForm.class, ExactDraws.class),
                Set.of(Vae.class, ExactDraws.class), Set.of(DiffusionModel.class));
        List<Model> models = oneOfEachFamily();
        for (int i = 0; i < models.size(); i++) {
            for (Class<?> type : ASKED) {
                assertEquals(expected.get(i).contains(type), models.get(i).capability(type).isPresent(),
                        models.get(i) + " and " + type.getSimpleName());
            }
        }
    }

    @Test
    void aGeneralEnergyOffersNothingAndARequiredCapabilitySaysWhoNeededIt() {
        Model generic = new Model() {
            @Override
            public ModelSpec spec() {
                return new FullyVisible(2, Domain.BINARY).spec();
            }

            @Override
            public String toString() {
                return "Plain";
            }
        };
        for (Class<?> type : ASKED) {
            assertFalse(generic.capability(type).isPresent(), type.getSimpleName());
            assertFalse(ModelOutline.of(generic).offers(type), type.getSimpleName());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> generic.requireCapability(Vae.class, "elbo"));
        assertEquals("elbo needs a Vae; Plain is a general energy", e.getMessage());
    }
}

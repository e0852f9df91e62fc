package org.thermogen.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.thermogen.run.Cluster;
import org.thermogen.run.JobException;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.diffusion.DenoiserTraining;
import org.thermogen.runtime.diffusion.DiffusionModel;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.eval.Evaluation;
import org.thermogen.runtime.eval.InformationCriterion;
import org.thermogen.runtime.eval.LogLikelihood;
import org.thermogen.runtime.eval.LogPartition;
import org.thermogen.runtime.mcmc.GibbsSampler;
import org.thermogen.runtime.mcmc.ParallelTempering;
import org.thermogen.runtime.mixture.ExpectationMaximization;
import org.thermogen.runtime.mixture.MixtureForm;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.rbm.Ais;
import org.thermogen.runtime.rbm.CdTrainer;
import org.thermogen.runtime.rbm.RbmModel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.vae.Vae;
import org.thermogen.runtime.vae.VaeTraining;

/**
 * A Spark cluster as the job runner's {@link Cluster}: {@code thermogen run gmm.gen --spark
 * local[2]} (or {@code spark://host:7077}) trains a Gaussian mixture's {@code em} with the
 * training rows spread over the cluster's default parallelism ({@link SparkEm}); the start
 * (k-means, or the given parameters), the progress, checkpoints, metrics and report are the
 * local run's, written by the driver. VAEs ({@code elbo}), diffusion denoisers
 * ({@code denoising}) and restricted Boltzmann machines ({@code cd}, {@code pcd}) train by
 * data-parallel SGD, each batch's gradient from the partitions ({@link SparkVae},
 * {@link SparkDiffusion}, {@link SparkRbm}). Other trainers have no Spark counterpart yet and
 * are refused with that said. A sweep over numbers of components ({@code bic(components 1..6)})
 * fits each number on a task of its own ({@link SparkSweep}); the annealing runs of an RBM's
 * {@code ais} estimates, the {@code gibbs} chains of RBMs and of other pairwise energies and the
 * ladders of {@code parallel_tempering(..., ladders L)} are dealt out to tasks ({@link SparkAis},
 * {@link SparkGibbs}, {@link SparkLadders}), for sampling and for the evaluations that sample;
 * other evaluations and samplers run on the driver.
 */
public final class SparkCluster implements Cluster {
    private final String address;
    private final JavaSparkContext spark;

    /** Connects to the Spark master at {@code address}. */
    public SparkCluster(String address) {
        this.address = address;
        SparkConf conf = new SparkConf().setMaster(address).setAppName("thermogen");
        if (address.startsWith("local")) {
            // A local master needs no network beyond this machine.
            conf.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
        }
        this.spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
    }

    /** The provider {@code spark}, found through {@code ServiceLoader}. */
    public static final class Provider implements Cluster.Provider {
        @Override
        public String name() {
            return "spark";
        }

        @Override
        public Cluster connect(String address) {
            return new SparkCluster(address);
        }
    }

    @Override
    public String describe() {
        return "spark " + address;
    }

    @Override
    public Trainer place(Trainer declared, Model model) {
        if (declared instanceof ExpectationMaximization em) {
            return new SparkEmTrainer(em, this);
        }
        if (declared instanceof VaeTraining) {
            // elbo, each batch's gradient from the partitions (SparkVae).
            return new OnPartitions(declared, this, (trainer, m, theta, data, rows, blocks, context) -> {
                VaeTraining vt = (VaeTraining) trainer;
                Vae vae = m.requireCapability(Vae.class, vt.describe());
                return vt.train(vae, theta, data, rows, null, SparkVae.gradients(blocks, vae), context);
            });
        }
        if (declared instanceof DenoiserTraining) {
            // denoising, each batch's gradient from the partitions (SparkDiffusion).
            return new OnPartitions(declared, this, (trainer, m, theta, data, rows, blocks, context) -> {
                DenoiserTraining dt = (DenoiserTraining) trainer;
                DiffusionModel dm = DiffusionModel.of(m, dt.describe());
                return dt.train(dm, theta, data, rows, SparkDiffusion.gradients(blocks, dm), context);
            });
        }
        if (declared instanceof CdTrainer) {
            // cd or pcd, each batch's rows' sums from the partitions (SparkRbm).
            return new OnPartitions(declared, this, (trainer, m, theta, data, rows, blocks, context) -> {
                CdTrainer cd = (CdTrainer) trainer;
                BipartiteEnergy shape = RbmModel.newEnergy(m.spec());
                return cd.train(m, theta, data, rows, SparkRbm.gradients(blocks, cd, shape.visibleSize(),
                        shape.hiddenSize(), shape.visibleDomain(), shape.hiddenDomain()), context);
            });
        }
        throw new JobException(declared.describe() + " has no Spark counterpart yet: on Spark, em trains Gaussian"
                + " mixtures, elbo VAEs, denoising diffusion models and cd or pcd restricted Boltzmann machines; run "
                + model.spec().name() + " without --spark");
    }

    /**
     * A sweep over numbers of components ({@code bic(components 1..6)}) fits each number on its
     * own task; the runs of a restricted Boltzmann machine's {@code log_likelihood(ais(...))} or
     * {@code log_partition(ais(...))} are dealt out to the cluster's default parallelism
     * ({@link SparkAis#runner}), and those of any other energy too, each task making the model
     * from its generated classes ({@link SparkAis#logPartition}, {@link ShippedModel}): the
     * estimate of one machine to the bit.
     */
    @Override
    public Evaluation place(Evaluation declared, Model model) {
        if (declared instanceof InformationCriterion ic && ic.sweeps()) {
            return ic.fittedBy(new SparkSweep(spark));
        }
        if (declared instanceof LogLikelihood ll && ll.method() instanceof Ais ais) {
            return ll.withMethod(onTasks(ais, model));
        }
        if (declared instanceof LogPartition lp && lp.method() instanceof Ais ais) {
            return lp.withMethod(onTasks(ais, model));
        }
        return declared;
    }

    /**
     * {@code ais} with its runs dealt out to the cluster's default parallelism: an RBM's through
     * {@link SparkAis#runner}, any other energy's annealing through {@link SparkAis#logPartition},
     * each task making the model from its shipped generated classes ({@link ShippedModel}).
     */
    private Ais onTasks(Ais ais, Model model) {
        int tasks = spark.defaultParallelism();
        if (model.capability(BipartiteForm.class).isPresent()) {
            return ais.runningOn(SparkAis.runner(spark, tasks));
        }
        ShippedModel make = ShippedModel.of(model);
        return ais.runningAnnealingOn((m, theta, settings, context) -> {
            org.thermogen.runtime.rbm.Estimator.Estimate z = SparkAis.logPartition(spark, make, theta, settings.runs(),
                    settings.temperatures(), settings.step(), tasks, context);
            context.listener().note("ais: " + settings.runs() + " annealing runs of " + m.spec().name() + " in "
                    + Ranges.of(settings.runs(), tasks).size() + " ranges by the cluster");
            return z;
        });
    }

    /**
     * {@code gibbs} chains, and the ladders of {@code parallel_tempering(..., ladders L)}, dealt
     * out to the cluster's default parallelism ({@link SparkGibbs}, {@link SparkLadders}).
     */
    @Override
    public Sampler place(Sampler declared, Model model) {
        if (declared instanceof ParallelTempering tempering && tempering.ladders() > 1) {
            return tempering.runningLaddersOn(SparkLadders.runner(spark, spark.defaultParallelism(),
                    ShippedModel.of(model)));
        }
        if (declared instanceof GibbsSampler gibbs) {
            // Chains of restricted Boltzmann machines and of other pairwise energies; energies
            // that are not pairwise sample here.
            return gibbs.runningOn(SparkGibbs.runner(spark, spark.defaultParallelism()))
                    .runningSiteChainsOn(SparkGibbs.sites(spark, spark.defaultParallelism()));
        }
        return declared;
    }

    /**
     * A {@code csv(...)} dataset read by Spark from another CSV or Parquet file ({@link SparkSource})
     * whose rows stay on the executors ({@link ClusterDataset}): the driver keeps a sample of at
     * most {@value #SAMPLE_ROWS} rows of each part (the property {@code thermogen.spark.sampleRows}
     * sets another number); EM's passes, each batch's gradient, the log-likelihoods and the check of
     * every value run where the rows are.
     */
    @Override
    public org.thermogen.runtime.data.DatasetLoader loading(String path,
            org.thermogen.runtime.data.DatasetDefinition declared) {
        if (!(declared.source() instanceof org.thermogen.runtime.data.CsvSource csv)) {
            throw new JobException("--data replaces the file of a csv(...) source, and this dataset is declared as "
                    + declared.source().describe() + "; declare it with csv(...) to read another file");
        }
        int sample = Integer.getInteger("thermogen.spark.sampleRows", SAMPLE_ROWS);
        return new ClusterDataset(spark, new SparkSource(spark, path, csv, spark.defaultParallelism()), sample,
                (kept, rows) -> {
                    synchronized (resident) {
                        resident.put(kept, rows);
                    }
                });
    }

    /** The most rows of each part of a dataset kept on the executors that the driver holds a sample of. */
    static final int SAMPLE_ROWS = 100_000;

    /** The rows on the executors of each dataset the driver holds a sample of, by that sample. */
    private final java.util.Map<Dataset, ClusterDataset.ClusterRows> resident = new java.util.IdentityHashMap<>();

    /** The rows on the executors that {@code sample} was drawn from, or null. */
    ClusterDataset.ClusterRows resident(Dataset sample) {
        synchronized (resident) {
            return resident.get(sample);
        }
    }

    @Override
    public void close() {
        spark.close();
    }

    /**
     * A trainer whose batches' gradients come from the cluster's partitions: the declared
     * trainer's settings, held-out measure and validation, with the training rows spread over
     * the cluster's default parallelism for the run.
     */
    private static final class OnPartitions implements Trainer {
        private final Trainer declared;
        private final SparkCluster cluster;
        private final Steps steps;

        /** How the declared trainer trains with each batch's gradient from the partitions' blocks. */
        interface Steps {
            /**
             * @param data   the training rows held here: all of them, or a sample of the {@code rows}
             *               on the executors
             * @param rows   how many training rows {@code blocks} holds
             */
            TrainingResult train(Trainer declared, Model model, double[] initialTheta, Dataset data, int rows,
                    JavaRDD<RowBlock> blocks, RunContext context);
        }

        OnPartitions(Trainer declared, SparkCluster cluster, Steps steps) {
            this.declared = declared;
            this.cluster = cluster;
            this.steps = steps;
        }

        @Override
        public String describe() {
            return declared.describe();
        }

        @Override
        public Trainer withEpochs(int epochs) {
            return new OnPartitions(declared.withEpochs(epochs), cluster, steps);
        }

        @Override
        public java.util.Optional<org.thermogen.runtime.train.Validation> validation() {
            return declared.validation();
        }

        @Override
        public boolean measuresHeldOut() {
            return declared.measuresHeldOut();
        }

        /** The declared trainer's, on the held-out rows held here: all of them, or the driver's sample (said so). */
        @Override
        public org.thermogen.runtime.train.HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context) {
            ClusterDataset.ClusterRows onCluster = cluster.resident(rows);
            if (onCluster != null && onCluster.rows() != rows.rows()) {
                context.listener().note("validation " + onCluster.name() + ": measured on the driver's sample of "
                        + rows.rows() + " of its " + onCluster.rows() + " rows");
            }
            return declared.heldOutLoss(model, rows, context);
        }

        @Override
        public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
            ClusterDataset.ClusterRows onCluster = cluster.resident(data);
            String name = declared.describe().replaceFirst("\\(.*", "");
            if (onCluster != null) {
                // The rows stayed on the executors: each batch's gradient from there, the batches drawn here.
                context.listener().note(name + " on " + cluster.describe() + ": " + onCluster.rows() + " rows of "
                        + onCluster.name() + " on the executors in " + onCluster.rowBlocks().getNumPartitions()
                        + " partitions, one job per batch");
                return steps.train(declared, model, initialTheta, data, onCluster.rows(), onCluster.rowBlocks(),
                        context);
            }
            JavaRDD<RowBlock> blocks = RowBlock.of(cluster.spark, data, cluster.spark.defaultParallelism()).cache();
            context.listener().note(name + " on " + cluster.describe() + ": " + data.rows() + " rows in "
                    + blocks.getNumPartitions() + " partitions, one job per batch");
            try {
                return steps.train(declared, model, initialTheta, data, data.rows(), blocks, context);
            } finally {
                blocks.unpersist();
            }
        }
    }

    /** {@code em} with its passes on the cluster. */
    private record SparkEmTrainer(ExpectationMaximization em, SparkCluster cluster) implements Trainer {
        @Override
        public String describe() {
            return em.describe();
        }

        @Override
        public Trainer withEpochs(int epochs) {
            return new SparkEmTrainer((ExpectationMaximization) em.withEpochs(epochs), cluster);
        }

        @Override
        public java.util.Optional<org.thermogen.runtime.train.Validation> validation() {
            return em.validation();
        }

        @Override
        public boolean measuresHeldOut() {
            return em.measuresHeldOut();
        }

        /** Minus the mean log-likelihood of the held-out rows, summed on the executors when they stayed there. */
        @Override
        public org.thermogen.runtime.train.HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context) {
            org.thermogen.runtime.train.HeldOutLoss here = em.heldOutLoss(model, rows, context);
            ClusterDataset.ClusterRows onCluster = cluster.resident(rows);
            if (onCluster == null || onCluster.rows() == rows.rows()) {
                return here;
            }
            MixtureForm form = model.requireCapability(MixtureForm.class, em.describe());
            return theta -> -org.thermogen.runtime.mixture.GaussianMixture.fromTheta(form, theta)
                    .meanLogLikelihood(onCluster);
        }

        @Override
        public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
            MixtureForm form = model.requireCapability(MixtureForm.class, em.describe());
            int d = data.columns();
            ClusterDataset.ClusterRows onCluster = cluster.resident(data);
            if (onCluster != null) {
                // The rows stayed on the executors: EM passes over them there, the start from the driver's sample.
                context.listener().note("em on " + cluster.describe() + ": " + onCluster.rows() + " rows of "
                        + onCluster.name() + " on the executors in " + onCluster.rowBlocks().getNumPartitions()
                        + " partitions" + (data.rows() == onCluster.rows() ? ""
                                : "; the start from a sample of " + data.rows() + " of them"));
                return em.train(model, initialTheta, data, onCluster.rows(), SparkEm.passes(onCluster.blocks(),
                        form.covariance(), form.components(), d, em.regCovar()), context);
            }
            JavaRDD<Block> blocks = Block.withoutPlaces(RowBlock.of(cluster.spark, data,
                    cluster.spark.defaultParallelism())).cache();
            context.listener().note("em on " + cluster.describe() + ": " + data.rows() + " rows in "
                    + blocks.getNumPartitions() + " partitions");
            try {
                return em.train(model, initialTheta, data,
                        SparkEm.passes(blocks, form.covariance(), form.components(), d, em.regCovar()), context);
            } finally {
                blocks.unpersist();
            }
        }
    }
}

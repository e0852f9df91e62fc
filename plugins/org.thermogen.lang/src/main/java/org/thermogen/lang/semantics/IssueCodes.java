package org.thermogen.lang.semantics;

/**
 * The code of every diagnostic the language reports (Xtext's issue codes): what the editor's
 * quick fixes, the language server's code actions and tests key on, instead of the message
 * text, which may change. One constant a kind of problem, named as its code.
 */
public final class IssueCodes {
    private IssueCodes() {
    }

    /** Not a problem: what the generator recognized in a model (an info at its name). */
    public static final String RECOGNIZED = "recognized";
    /** A check that threw: reported at its construct, logged with its trace; always a bug. */
    public static final String CHECK_FAILED = "check-failed";

    public static final String ADD_SHAPE = "add-shape";
    public static final String ARGUMENTS = "arguments";
    public static final String ARGUMENT_SHAPE = "argument-shape";
    public static final String ARITY = "arity";
    public static final String BAD_CATEGORIES = "bad-categories";
    public static final String BAD_DIMENSION = "bad-dimension";
    public static final String BAD_INDEX = "bad-index";
    public static final String BAD_RANGE = "bad-range";
    public static final String BAD_SHAPE = "bad-shape";
    public static final String BAD_STEPS = "bad-steps";
    public static final String BAD_VALUE = "bad-value";
    public static final String BAD_WIDTH = "bad-width";
    public static final String BERNOULLI_SIGMOID = "bernoulli-sigmoid";
    public static final String BETA_RANGE = "beta-range";
    public static final String CALLEE_NO_ENERGY = "callee-no-energy";
    public static final String CONDITIONAL_FORM = "conditional-form";
    public static final String CONSTANT_VALUE = "constant-value";
    public static final String CONSTRAINT = "constraint";
    public static final String CONSTRAINT_SHAPE = "constraint-shape";
    public static final String COVARIANCE_SHAPE = "covariance-shape";
    public static final String DATA_DOMAIN = "data-domain";
    public static final String DATA_VALUES = "data-values";
    public static final String DATA_WIDTH = "data-width";
    public static final String DENOISER_INPUT = "denoiser-input";
    public static final String DENOISER_OUTPUT = "denoiser-output";
    public static final String DIFFUSION_DOMAIN = "diffusion-domain";
    public static final String DIFFUSION_LATENT = "diffusion-latent";
    public static final String DIFFUSION_PARAM = "diffusion-param";
    public static final String DIVIDE_TENSOR = "divide-tensor";
    public static final String DOT_SHAPE = "dot-shape";
    public static final String DUPLICATE_ARGUMENT = "duplicate-argument";
    public static final String DUPLICATE_HEAD = "duplicate-head";
    public static final String DUPLICATE_MEMBER = "duplicate-member";
    public static final String DUPLICATE_NAME = "duplicate-name";
    public static final String DUPLICATE_PART = "duplicate-part";
    public static final String DUPLICATE_SETTING = "duplicate-setting";
    public static final String EMPTY_RANGE = "empty-range";
    public static final String ENCODER_FORM = "encoder-form";
    public static final String ENCODER_GIVEN = "encoder-given";
    public static final String ENCODER_HEADS = "encoder-heads";
    public static final String ENCODER_SIZE = "encoder-size";
    public static final String ENERGY_CYCLE = "energy-cycle";
    public static final String ENERGY_NOT_SCALAR = "energy-not-scalar";
    public static final String EXACT_TOO_LARGE = "exact-too-large";
    public static final String EXPECTATION_FIT = "expectation-fit";
    public static final String FIXED_WITHOUT_VALUE = "fixed-without-value";
    public static final String FOREIGN_PARAM = "foreign-param";
    public static final String FOREIGN_VARIABLE = "foreign-variable";
    public static final String GIVEN = "given";
    public static final String HEADS_NOT_LAST = "heads-not-last";
    public static final String INDEX_BOUNDS = "index-bounds";
    public static final String INDEX_SCALAR = "index-scalar";
    public static final String INPUT_SIZE = "input-size";
    public static final String KL_REFERENCE = "kl-reference";
    public static final String LATENT_CONDITIONAL = "latent-conditional";
    public static final String LATENT_DOMAIN = "latent-domain";
    public static final String LIKELIHOOD = "likelihood";
    public static final String LR_AUTO = "lr-auto";
    public static final String MATMUL_COLUMNS = "matmul-columns";
    public static final String MATMUL_ROWS = "matmul-rows";
    public static final String MATMUL_SHAPE = "matmul-shape";
    public static final String MATRIX_FUNCTION_SHAPE = "matrix-function-shape";
    public static final String METRIC_FIT = "metric-fit";
    public static final String MISSING_ARGUMENT = "missing-argument";
    public static final String MISSING_DATA = "missing-data";
    public static final String MISSING_DATA_FILE = "missing-data-file";
    public static final String MISSING_SETTING = "missing-setting";
    public static final String MIXTURE_ARGUMENT = "mixture-argument";
    public static final String MIXTURE_ENCODER = "mixture-encoder";
    public static final String MIXTURE_FAMILY = "mixture-family";
    public static final String MIXTURE_FORM = "mixture-form";
    public static final String MIXTURE_SHAPE = "mixture-shape";
    public static final String NEGATIVE = "negative";
    public static final String NETWORK_CALL = "network-call";
    public static final String NOT_A_NUMBER = "not-a-number";
    public static final String NO_ENCODER = "no-encoder";
    public static final String NO_ENERGY = "no-energy";
    public static final String NO_LATENT = "no-latent";
    public static final String NO_LIKELIHOOD = "no-likelihood";
    public static final String NO_PRIOR = "no-prior";
    public static final String NO_TIME = "no-time";
    public static final String ODD_TIME_WIDTH = "odd-time-width";
    public static final String OFF_CHAIN = "off-chain";
    public static final String OUTPUT_SIZE = "output-size";
    public static final String PACKAGE_KEYWORD = "package-keyword";
    public static final String PACKAGE_RESERVED = "package-reserved";
    public static final String PER_TEMPERATURE = "per-temperature";
    public static final String PICTURE_SIZE = "picture-size";
    public static final String POSITIONAL_AFTER_KEYED = "positional-after-keyed";
    public static final String POWER_EXPONENT = "power-exponent";
    public static final String PREDICTION = "prediction";
    public static final String RANGE = "range";
    public static final String RANGE_CONFLICT = "range-conflict";
    public static final String RUNTIME_REFUSED = "runtime-refused";
    public static final String SAMPLER_FIT = "sampler-fit";
    public static final String SCHEDULE_FORMULA = "schedule-formula";
    public static final String SECOND_DIFFUSION = "second-diffusion";
    public static final String SECOND_ENCODER = "second-encoder";
    public static final String SECOND_LIKELIHOOD = "second-likelihood";
    public static final String SECOND_PRIOR = "second-prior";
    public static final String SECOND_SPLIT = "second-split";
    public static final String SECOND_TIME = "second-time";
    public static final String SECOND_TRAIN = "second-train";
    public static final String SETTINGS_AMBIGUOUS = "settings-ambiguous";
    public static final String SPLIT_FRACTION = "split-fraction";
    public static final String SPLIT_TOTAL = "split-total";
    public static final String STRAY_ENCODER = "stray-encoder";
    public static final String TOO_LARGE = "too-large";
    public static final String TOO_MANY_ARGUMENTS = "too-many-arguments";
    public static final String TOO_MANY_INDICES = "too-many-indices";
    public static final String TOO_MANY_STEPS = "too-many-steps";
    public static final String TOP_PRIOR = "top-prior";
    public static final String TRAINER_FIT = "trainer-fit";
    public static final String TRANSFORM_AFTER_SPLIT = "transform-after-split";
    public static final String TRANSPOSE_RANK = "transpose-rank";
    public static final String TYPE = "type";
    public static final String UNEXPECTED_DATA = "unexpected-data";
    public static final String UNKNOWN_ACTIVATION = "unknown-activation";
    public static final String UNKNOWN_CONSTRAINT = "unknown-constraint";
    public static final String UNKNOWN_DATASET = "unknown-dataset";
    public static final String UNKNOWN_FUNCTION = "unknown-function";
    public static final String UNKNOWN_IMPORT = "unknown-import";
    public static final String UNKNOWN_NETWORK = "unknown-network";
    public static final String UNKNOWN_PART = "unknown-part";
    public static final String UNKNOWN_RANGE = "unknown-range";
    public static final String UNKNOWN_REFERENCE = "unknown-reference";
    public static final String UNKNOWN_SETTING = "unknown-setting";
    public static final String VAE_PARAM = "vae-param";
    public static final String VALUE_AND_INIT = "value-and-init";
    public static final String VALUE_SIZE = "value-size";
}

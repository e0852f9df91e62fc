package org.thermogen.runtime.gaussian;

import org.ejml.data.DMatrixRMaj;

/** How the parameters of a recognized Gaussian energy follow from mean and covariance. */
public interface GaussianForm {

    /**
     * Sets the parameters in {@code theta} so that the model's mean is {@code mean} and its
     * covariance {@code covariance}: the closed-form maximum-likelihood estimate when these
     * are the data's mean and biased covariance. Parameters not involved are left as they are.
     */
    void setMoments(double[] mean, DMatrixRMaj covariance, double[] theta);
}

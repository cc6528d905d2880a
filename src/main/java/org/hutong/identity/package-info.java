/**
 * Identity (master patient index): which records, across institutions, are the same resident.
 *
 * <p>The API: {@link org.hutong.identity.ResidentId} (GB 11643 resident ID check), {@link
 * org.hutong.identity.PersonRecord} (one incoming record as the matcher sees it), {@link
 * org.hutong.identity.PersonMatcher} (deterministic rules first, then Fellegi–Sunter with EM,
 * blocking and precision-protecting clustering) and, for evaluation only, {@link
 * org.hutong.identity.EvaluationData} and {@link org.hutong.identity.PairwiseQuality}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity (EMPI)")
package org.hutong.identity;

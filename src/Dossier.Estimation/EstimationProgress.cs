namespace Dossier.Estimation;

/// <summary>
/// How far a long estimate has come, for a progress bar: the stage running (a model search, a sampler round, the
/// clusterings drawn for linkage uncertainty) and the share of it done, 0 to 1. A stage may be followed by a longer
/// one of the same kind — the sampler lengthens its run until it converges — so a bar per stage, not one overall.
/// </summary>
public readonly record struct EstimationProgress(string Stage, double Fraction);

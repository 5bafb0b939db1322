namespace Dossier.Domain.Records;

/// <summary>Admiralty-scale source reliability: A completely reliable … E unreliable, F cannot be judged.</summary>
public enum Reliability
{
    A,
    B,
    C,
    D,
    E,
    F,
}

/// <summary>A document, article, list, interview or court record that claims come from.</summary>
public sealed record Source : Record
{
    public required string Title { get; init; }

    /// <summary>"news-article", "opinion", "ngo-report", "memoir", "wire-report", "court-record", "victim-list", "interview"...</summary>
    public required string Type { get; init; }

    /// <summary>Who produced it and from which side: the provenance a reader needs to weigh it.</summary>
    public required string Provenance { get; init; }

    public Reliability Reliability { get; init; } = Reliability.F;

    public string? Author { get; init; }

    public string? Publisher { get; init; }

    public FuzzyDate? Date { get; init; }

    public string? Url { get; init; }

    /// <summary>A citation for sources not held ("case B 15255-19, judgment of 14 July 2022").</summary>
    public string? Citation { get; init; }

    public override RecordKind Kind => RecordKind.Source;

    public override string Label => Title;
}

/// <summary>How a quantity in a claim relates to the truth it estimates.</summary>
public enum QuantityQualifier
{
    Exactly,
    AtLeast,
    AtMost,
    About,
    Between,
    /// <summary>A word instead of a number: "thousands".</summary>
    Vague,
}

/// <summary>A typed figure: "over 30,000" is Value 30000, Qualifier AtLeast; "2,800–3,800" is Lower/Upper with Between.</summary>
public sealed record Quantity
{
    public double? Value { get; init; }

    public double? Lower { get; init; }

    public double? Upper { get; init; }

    public required string Unit { get; init; }

    public QuantityQualifier Qualifier { get; init; } = QuantityQualifier.Exactly;

    /// <summary>The words of the source where the figure is vague or qualified ("thousands", "a conservative estimate").</summary>
    public string? Text { get; init; }
}

/// <summary>
/// A statement of fact taken from one source. Claims on the same <see cref="Property"/> of the same
/// subject compete and are shown side by side; the system never picks one silently.
/// </summary>
public sealed record Claim : Record
{
    public required string SourceId { get; init; }

    public required string Statement { get; init; }

    /// <summary>Where in the source: page, paragraph, timestamp.</summary>
    public string? Locator { get; init; }

    /// <summary>The records the claim is about.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>What the claim asserts about its subjects, e.g. "executed-count"; groups competing claims.</summary>
    public string? Property { get; init; }

    /// <summary>Admiralty-scale information credibility: 1 confirmed … 5 improbable, 6 cannot be judged.</summary>
    public int Credibility { get; init; } = 6;

    public Quantity? Quantity { get; init; }

    public override RecordKind Kind => RecordKind.Claim;

    public override string Label => Statement;

    public override IEnumerable<RecordReference> References()
    {
        foreach (var reference in base.References())
        {
            yield return reference;
        }

        yield return new RecordReference(SourceId, "claim-source");
        foreach (var subject in Subjects)
        {
            yield return new RecordReference(subject, "subject");
        }
    }
}
